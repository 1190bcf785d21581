/**
 * An in-process hub with MQTT semantics and seeded fault injection, for tests, simulations and
 * single-process deployments.
 *
 * @module @contactmesh/transports/memory
 */

// The hub
export { createMemoryHub } from './memory-hub.js';
export type { MemoryHub } from './memory-hub.js';
export type { MemoryHubOptions } from './hub-options.js';

// Fault injection
export type { FaultPlan, LinkFaultRule, LinkFaults } from './faults.js';

// Ordering deliveries yourself
export { interceptInbound } from './intercept-inbound.js';
export type { Intercept } from './intercept-inbound.js';

// Observing the hub
export { defaultTraceLimit } from './trace.js';
export type { CrashTraceEvent, MessageTraceEvent, ParticipantTraceEvent, TraceEvent, TraceKind } from './trace.js';
export type { HubStats } from './hub-stats.js';
