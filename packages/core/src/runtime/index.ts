export { createRuntime } from './create-runtime.js';
export type { Delivered, HostedKind, Runtime, RuntimeOptions } from './runtime.js';
export type { RuntimeEvent, RuntimeStats } from './runtime-events.js';
