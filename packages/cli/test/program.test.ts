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

  it('says what the demo runs: the network, and one centre with --single', async () => {
    const { out, exitCode } = await runCli(['demo', '--help']);
    expect(exitCode).toBe(ExitCode.ok);
    const text = out.replace(/\s+/g, ' ');
    expect(text).toMatch(/three contact centres/);
    expect(text).toMatch(/--single/);
    expect(text).toMatch(/--port/);
  });

  it('refuses --json without --single', async () => {
    const { err, exitCode } = await runCli(['demo', '--json']);
    expect(exitCode).toBe(ExitCode.usage);
    expect(err).toMatch(/--json goes with --single/);
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
