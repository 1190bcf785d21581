export type { CommandContext, CommandInput } from './context.js';
export { commandTimeoutMs } from './context.js';
export type { CommandEvent } from './events.js';
export type { CommandMachine } from './machine.js';
export { commandMachine } from './machine.js';
