export { createRuntime } from './create-runtime.js';
export type { Runtime, RuntimeOptions } from './runtime.js';
export { effects, isEffect } from './effects.js';
export type {
  AdapterEffect,
  CancelEffect,
  ClearEffect,
  Effect,
  OutgoingMessage,
  PublishEffect,
  ScheduleEffect,
  SendEffect,
  TimerEvent,
} from './effects.js';
export type { RuntimeEvent, RuntimeStats } from './runtime-events.js';
