// @contactmesh/cli — the `contactmesh` command, as a library for tests and wrappers.

// The command
export { buildProgram, ExitCode } from './program.js';
export type { Io, ProgramDeps } from './program.js';
export { version } from './version.js';

// The one-centre traffic simulation behind `contactmesh demo`
export { londonScenario } from './demo/london-scenario.js';
export { runOneCentre } from './demo/run-one-centre.js';
export type { OneCentreOptions, OneCentreRun } from './demo/run-one-centre.js';
export { checkScenario } from './demo/scenario.js';
export type { AnswerBehaviour, Scenario, SimulatedAgent, Traffic } from './demo/scenario.js';
export { runDemo } from './demo/run-demo.js';
export type { DemoOptions } from './demo/demo-options.js';
export type { Wall } from './demo/wall.js';
export { centreInstruments, startMetricsServer } from './centre/metrics-server.js';
export type { MetricsServer, MetricsServerOptions, Readiness } from './centre/metrics-server.js';
export { acdLines } from './centre/acd-lines.js';
