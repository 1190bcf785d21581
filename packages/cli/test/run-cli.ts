import { buildProgram, ExitCode, type ProgramDeps } from '../src/index.js';

/** Runs `contactmesh …args` with captured output and the exit code the binary would use. */
export async function runCli(args: readonly string[], deps: ProgramDeps = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode: number = ExitCode.ok;
  try {
    await buildProgram({ out: (t) => out.push(t), err: (t) => err.push(t) }, deps).parseAsync(['node', 'contactmesh', ...args]);
  } catch (error) {
    exitCode = (error as { exitCode?: number }).exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  return { out: out.join('\n'), err: err.join('\n'), exitCode };
}
