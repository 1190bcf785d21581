export type { Clock, TimerHandle } from './clock.js';
export { beginLife, type Life } from './incarnation.js';
export { realClock } from './real-clock.js';
export type { RunResult } from './virtual-clock.js';
export { VirtualClock } from './virtual-clock.js';
