/**
 * The model checker: every interleaving of the production statecharts of a small network,
 * the invariants checked in each world, the shortest counterexample as a story (docs/model-checking.md).
 *
 * @module @contactmesh/core/check
 */
export type { Counterexample, ExploreOptions, ExploreResult, Property } from './explore.js';
export { explore, replay, violation } from './explore.js';
export { worldKey } from './world-key.js';
export type { ArrivalSpec, CentreSpec, NetworkModelOptions } from './network-model.js';
export { centreRoles, networkModel } from './network-model.js';
export {
  agentCapacity,
  auctionsEnd,
  invariants,
  livenessGraceMs,
  nobodyLeftWaiting,
  noDeadlock,
  noFailures,
  nothingLeftBehind,
  nothingLost,
  singleOwner,
} from './properties.js';
export type { Scenario, ScenarioName } from './scenarios.js';
export { scenarios } from './scenarios.js';
export type { Choice, Lives, Model, Ordering } from './steps.js';
export { changes, choices, describe, take } from './steps.js';
export type { Stepped, Stepper } from './stepper.js';
export { createStepper } from './stepper.js';
export type { Flight, OutsideEvent, Reaction, World, WorldActor, WorldTimer } from './world.js';
export { emptyWorld, lineOf, ownerOf } from './world.js';
export type { Door, DoorPass, Told, WorldRules } from './world-engine.js';
export { WorldEngine } from './world-engine.js';
export type { WalkOptions, WalkResult } from './walks.js';
export { walk } from './walks.js';
