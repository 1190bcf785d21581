import { CommanderError } from 'commander';
import { buildProgram, ExitCode, type ProgramDeps } from '../src/index.js';

/** Runs `contactmesh …args` with captured output and the exit code the binary would use. */
export async function runCli(args: readonly string[], deps: ProgramDeps = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode: number = ExitCode.ok;
  try {
    await buildProgram({ out: (t) => out.push(t), err: (t) => err.push(t) }, deps).parseAsync(['node', 'contactmesh', ...args]);
  } catch (error) {
    // As the binary does (bin.ts): a usage error exits 2, anything else a command throws exits 1.
    exitCode = error instanceof CommanderError ? (error.exitCode === 0 ? ExitCode.ok : ExitCode.usage) : ExitCode.failure;
  }
  return { out: out.join('\n'), err: err.join('\n'), exitCode };
}
