export { createRuntime } from './create-runtime.js';
export type { Runtime, RuntimeOptions } from './runtime.js';
export type { RuntimeEvent, RuntimeStats } from './runtime-events.js';
