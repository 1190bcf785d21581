import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExitCode, version } from '../src/index.js';
import { runCli } from './run-cli.js';

describe('contactmesh', () => {
  it('lists its commands in --help', async () => {
    const { out, exitCode } = await runCli(['--help']);
    expect(exitCode).toBe(ExitCode.ok);
    expect(out).toMatch(/demo/);
  });

  it('says honestly that the network demo comes later', async () => {
    const { out, exitCode } = await runCli(['demo', '--help']);
    expect(exitCode).toBe(ExitCode.ok);
    expect(out.replace(/\s+/g, ' ')).toMatch(/network demo \(several centres, a dashboard, status pages\) comes later/);
  });

  it('exits with the usage code on an unknown command', async () => {
    const { err, exitCode } = await runCli(['teleport']);
    expect(exitCode).toBe(ExitCode.usage);
    expect(err).toMatch(/unknown command/);
  });

  it('reports the version of its package', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version).toBe(pkg.version);
  });
});
