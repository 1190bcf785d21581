// @contactmesh/cli — the `contactmesh` command, as a library for tests and wrappers.
export { buildProgram, ExitCode } from './program.js';
export type { Io } from './program.js';
export { version } from './version.js';
