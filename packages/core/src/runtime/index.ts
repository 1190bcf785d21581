export { createRuntime } from './create-runtime.js';
export type { HostedKind, Runtime, RuntimeOptions } from './runtime.js';
export type { RuntimeEvent, RuntimeStats } from './runtime-events.js';
