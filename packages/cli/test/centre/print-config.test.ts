import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/index.js';
import { runCli } from '../run-cli.js';

// `contactmesh centre --print-config`: what the centre would run with — flags, file, defaults —
// printed without connecting anywhere, and without a secret.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cm-print-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('contactmesh centre --print-config', () => {
  it('prints the flags, the file and every default as JSON, hides a password in the URL, and connects to nothing', async () => {
    const file = join(dir, 'london.json');
    await writeFile(
      file,
      JSON.stringify({
        network: 'acme',
        agents: [{ id: 'a1', skills: { billing: 5 } }],
        answer: { maxDelaySeconds: 6 },
        transport: { passwordEnv: 'LONDON_BROKER_PASSWORD' },
      }),
    );
    // Nothing listens on port 9: a centre that tried to connect would fail.
    const { out, exitCode } = await runCli([
      'centre',
      '--id',
      'london',
      '--transport',
      'mqtt://london:hunter2@127.0.0.1:9',
      '--config',
      file,
      '--simulate',
      '--print-config',
    ]);
    expect(exitCode).toBe(ExitCode.ok);
    const printed = JSON.parse(out);
    expect(printed).toMatchObject({
      id: 'london',
      network: 'acme',
      transport: { url: 'mqtt://london:***@127.0.0.1:9', passwordEnv: 'LONDON_BROKER_PASSWORD' },
      seed: 1,
      mode: { kind: 'network' },
      acd: 'simulated',
      answer: { minDelaySeconds: 1, maxDelaySeconds: 6, missChance: 0, offerTimeoutSeconds: 20 },
      wrapUpSeconds: 10,
      forwardedTalkSeconds: 180,
      agents: [{ id: 'a1' }],
      traffic: [],
    });
    expect(out).not.toContain('hunter2');
  });

  it('prints nothing for a broken file: the file is checked first (its message names the field, docs/cli.md)', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, JSON.stringify({ agents: [{ id: 'a1', skills: { billing: 11 } }] }));
    const { out, err, exitCode } = await runCli([
      'centre',
      '--id',
      'london',
      '--transport',
      'mqtt://127.0.0.1:9',
      '--config',
      file,
      '--print-config',
    ]);
    expect(exitCode).toBe(ExitCode.usage);
    expect(err).toMatch(/agents\.0\.skills\.billing: expected an integer from 1 to 10, got 11/);
    expect(out).toBe('');
  });

  it('a centre your ACD drives needs no config; agents and traffic without --simulate are refused, exit 2', async () => {
    const bare = await runCli(['centre', '--id', 'london', '--transport', 'mqtt://127.0.0.1:9', '--print-config']);
    expect(bare.exitCode).toBe(ExitCode.ok);
    const printed = JSON.parse(bare.out);
    expect(printed).toMatchObject({ id: 'london', network: 'demo', acd: 'stdio', mode: { kind: 'network' } });
    expect(printed.agents).toBeUndefined();
    const file = join(dir, 'roster.json');
    await writeFile(file, JSON.stringify({ agents: [{ id: 'a1', skills: { billing: 5 } }] }));
    const refused = await runCli(['centre', '--id', 'london', '--transport', 'mqtt://127.0.0.1:9', '--config', file]);
    expect(refused.exitCode).toBe(ExitCode.usage);
    expect(refused.err).toMatch(/agents and traffic are for a simulated ACD: add --simulate/);
  });
});
