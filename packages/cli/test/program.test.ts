import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram, ExitCode, version } from '../src/index.js';

const run = async (...args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode: number = ExitCode.ok;
  try {
    await buildProgram({ out: (t) => out.push(t), err: (t) => err.push(t) }).parseAsync(['node', 'contactmesh', ...args]);
  } catch (error) {
    exitCode = (error as { exitCode?: number }).exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  return { out: out.join(''), err: err.join(''), exitCode };
};

describe('contactmesh', () => {
  it('lists its commands in --help', async () => {
    const { out, exitCode } = await run('--help');
    expect(exitCode).toBe(ExitCode.ok);
    expect(out).toMatch(/demo/);
  });

  it('says honestly that the network demo is not here yet', async () => {
    const { out } = await run('demo');
    expect(out).toMatch(/arrives with the single-centre runtime/);
  });

  it('exits with the usage code on an unknown command', async () => {
    const { err, exitCode } = await run('teleport');
    expect(exitCode).toBe(ExitCode.usage);
    expect(err).toMatch(/unknown command/);
  });

  it('reports the version of its package', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version).toBe(pkg.version);
  });
});
