export type { Adoption, HostingFacts } from './adoption.js';
export { adoptedInput, contactInputOf, firstRev } from './adoption.js';
export type { HandedFrom, HandoverAnswer, HandoverContext, HandoverInput } from './context.js';
export type { ContactAbandonedEvent, HandoverEvent, HandoverFacts, HandoverRequestEvent } from './events.js';
export type { Refusal } from './guards.js';
export { refusals } from './guards.js';
export type { HandoverMachine } from './machine.js';
export { handoverMachine } from './machine.js';
