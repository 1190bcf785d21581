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
    // Every default, the file's values over them.
    expect(printed.transport).toMatchObject({ keepaliveSeconds: 30, clientIdPrefix: 'cm-' });
    expect(printed.policies).toEqual({
      router: { agentPolicy: 'longestIdle', recheckMs: 5_000, pendingMs: 30_000 },
      agent: { offerTimeoutMs: 20_000, wrapUpMs: 5_000, maxLeaseMs: 30_000 },
      contact: {
        maxWaitMs: 3_600_000,
        leaseMs: 5_000,
        offerAnswerMs: 60_000,
        wrapUpMs: 30_000,
        handoverMs: 1_000,
        resyncMs: 60_000,
        skillsets: [],
      },
      presence: { heartbeatMs: 5_000, silentAfterBeats: 3, willDelaySeconds: 0 },
    });
  });

  it('takes the id and the broker from the file when the flags do not give them (the flags win), and says which is missing', async () => {
    const file = join(dir, 'paris.json');
    await writeFile(
      file,
      JSON.stringify({ id: 'paris', transport: { url: 'ws://127.0.0.1:9/' }, policies: { presence: { willDelaySeconds: 10 } } }),
    );
    const fromFile = await runCli(['centre', '--config', file, '--print-config']);
    expect(fromFile.exitCode).toBe(ExitCode.ok);
    const printed = JSON.parse(fromFile.out);
    expect(printed).toMatchObject({ id: 'paris', transport: { url: 'ws://127.0.0.1:9/' } });
    expect(printed.transport.keepaliveSeconds).toBeUndefined();
    expect(printed.policies.presence).toEqual({ heartbeatMs: 5_000, silentAfterBeats: 3, willDelaySeconds: 10 });
    // An offer rings as long as the simulated agents let it, unless the policy says otherwise.
    const answering = join(dir, 'answering.json');
    await writeFile(
      answering,
      JSON.stringify({ id: 'paris', transport: { url: 'ws://127.0.0.1:9/' }, answer: { offerTimeoutSeconds: 45 } }),
    );
    expect(JSON.parse((await runCli(['centre', '--config', answering, '--print-config'])).out).policies.agent.offerTimeoutMs).toBe(45_000);
    const flagsWin = await runCli(['centre', '--config', file, '--id', 'rome', '--transport', 'mqtt://127.0.0.1:9', '--print-config']);
    expect(JSON.parse(flagsWin.out)).toMatchObject({ id: 'rome', transport: { url: 'mqtt://127.0.0.1:9', keepaliveSeconds: 30 } });
    const noId = await runCli(['centre', '--transport', 'mqtt://127.0.0.1:9', '--print-config']);
    expect(noId.exitCode).toBe(ExitCode.usage);
    expect(noId.err).toMatch(/needs an id: --id london, or "id" in the config file/);
    const noBroker = await runCli(['centre', '--id', 'london', '--print-config']);
    expect(noBroker.exitCode).toBe(ExitCode.usage);
    expect(noBroker.err).toMatch(/needs a broker or relay/);
    const badUrl = join(dir, 'bad-url.json');
    await writeFile(badUrl, JSON.stringify({ id: 'paris', transport: { url: 'mqtt://' } }));
    const refused = await runCli(['centre', '--config', badUrl, '--print-config']);
    expect(refused.exitCode).toBe(ExitCode.usage);
    expect(refused.err).toMatch(/transport\.url/);
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

  it('names every bad field of a broken file, one line each', async () => {
    const file = join(dir, 'many.json');
    await writeFile(
      file,
      JSON.stringify({
        id: 'Paris!',
        agents: [{ id: 'a1', skills: { billing: 11 } }],
        policies: { presence: { heartbeatMs: 5 } },
        wrapUpSeconds: -1,
        polices: {},
      }),
    );
    const { err, exitCode } = await runCli(['centre', '--config', file, '--print-config']);
    expect(exitCode).toBe(ExitCode.usage);
    for (const field of ['id', 'agents.0.skills.billing', 'policies.presence.heartbeatMs', 'wrapUpSeconds'])
      expect(err).toContain(`at ${field}: `);
    // A typo does not hide the rest.
    expect(err).toContain('unknown field "polices"');
    // One line for heartbeatMs, though both branches of its union (a number, or null) failed.
    expect(err.match(/at policies\.presence\.heartbeatMs/g)).toHaveLength(1);
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
