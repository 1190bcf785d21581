export { contactMachine } from './machine.js';
export type { ContactOutcome } from './machine.js';
export { defaultContactPolicy, toSnapshot as contactSnapshotOf } from './context.js';
export type { CommandAnswer, ContactContext, ContactInput, ContactPolicy, Substitute } from './context.js';
export type { ContactEvent } from './events.js';
export { decide as decideCommand } from './commands.js';
export type { CommandPhase, Decision } from './commands.js';
