import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type EmbeddedBroker, startEmbeddedBroker } from '@contactmesh/transports/mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CentreProcess, centreBrokers, clearRetained, writeConfig } from './centre-process.js';

// `contactmesh centre` as an operator runs it: a real process, stopped by a signal, started
// against a broker that is not there, and its --help held to docs/cli.md.

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = `${process.pid}-${randomBytes(3).toString('hex')}`;
const brokers = centreBrokers(
  'centre processes stopped by a signal over an external MQTT broker',
  'test/transports/centre-process.test.ts',
);

// The broker publishes a centre's will 1.5 keepalives after it goes silent: 45 s here. A peer
// that hears a stopped centre is offline within `saidGoodbyeWithinMs` heard it from the centre.
const keepaliveSeconds = 30;
const saidGoodbyeWithinMs = 10_000;

/** Every process a test started: stopped (SIGKILL after 5 s) after each test, whatever happened. */
const started: CentreProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop(5_000)));
}, 30_000);

describe.each(brokers)('a centre process stopped by a signal, over %s', (_name, external) => {
  let broker: EmbeddedBroker | undefined;
  let url: string;
  let dir: string;
  const networks: string[] = [];

  beforeAll(async () => {
    if (external === undefined) broker = await startEmbeddedBroker();
    url = broker?.url ?? (external as string);
    dir = await mkdtemp(join(tmpdir(), 'cm-signals-'));
  });

  afterAll(async () => {
    for (const network of networks) await clearRetained(url, network, run);
    await broker?.close();
    await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s stops cleanly: exits 0 after its stopped line, and its peer hears it offline from it, not from a will',
    async (signal) => {
      const network = `sig-${run}-${signal.toLowerCase()}-${external === undefined ? 'aedes' : 'ext'}`;
      networks.push(network);
      const config = { network, transport: { keepaliveSeconds, clientIdPrefix: `cm-${run}-` } };
      const start = async (id: string) => {
        const proc = new CentreProcess(id, ['--transport', url, '--config', await writeConfig(dir, `${network}-${id}`, config)]);
        started.push(proc);
        return proc;
      };
      const north = await start('north');
      const south = await start('south');
      await Promise.all([north, south].map((p) => p.waitFor('started', (l) => l.type === 'started')));
      await north.waitFor('south online', (l) => l.type === 'peer' && l.centre === 'south' && l.status === 'online');

      const sent = performance.now();
      south.signal(signal);
      expect(await south.exited).toEqual({ code: 0, signal: null });
      expect(south.all('stopped')).toEqual([expect.objectContaining({ centre: 'south' })]);
      expect(south.stderr).toBe('');
      await north.waitFor('south offline', (l) => l.type === 'peer' && l.centre === 'south' && l.status === 'offline');
      expect(performance.now() - sent).toBeLessThan(saidGoodbyeWithinMs);
    },
    60_000,
  );
});

describe('a centre process whose broker or relay is not there', () => {
  let closedPort: number;
  beforeAll(async () => {
    // A port that was just free and is closed again: nothing listens on it.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closedPort = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each([
    ['a broker', 'mqtt', /could not connect to mqtt:\/\/127\.0\.0\.1:\d+.*check that the broker runs there/],
    ['a relay', 'ws', /could not connect to the relay at ws:\/\/127\.0\.0\.1:\d+.*check the URL, the relay/],
  ] as const)(
    'exits 1 (docs/cli.md, Exit codes) with one line on stderr naming %s it could not reach',
    async (_what, scheme, says) => {
      const proc = new CentreProcess('north', ['--transport', `${scheme}://127.0.0.1:${closedPort}`]);
      started.push(proc);
      expect(await proc.exited).toEqual({ code: 1, signal: null });
      const lines = proc.stderr.split('\n').filter((line) => line.trim() !== '');
      expect(lines, proc.transcript()).toHaveLength(1);
      expect(lines[0]).toMatch(/^contactmesh: /);
      expect(lines[0]).toMatch(says);
      expect(lines[0]).toContain(`127.0.0.1:${closedPort}`);
      expect(proc.all('started')).toEqual([]);
    },
    30_000,
  );
});

describe('contactmesh centre --help', () => {
  it('prints no flag that docs/cli.md does not document', { timeout: 30_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'packages/cli/bin/contactmesh.mjs'), 'centre', '--help'], {
      cwd: root,
      timeout: 25_000,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    // An option line starts with its flags: `  -h, --help`, `  --metrics-port <n>`.
    const options = stdout.slice(stdout.indexOf('Options:'));
    const flags = [...options.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z0-9-]*)/gm)].map((match) => match[1] as string);
    expect(flags).toContain('--id');
    expect(flags).toContain('--metrics-port');

    const doc = await readFile(join(root, 'docs/cli.md'), 'utf8');
    const from = doc.indexOf('## `contactmesh centre`');
    const to = doc.indexOf('\n## ', from + 1);
    const section = doc.slice(from, to === -1 ? undefined : to);
    // --help is commander's, on every command: the doc shows it once, at the top.
    const documented = (flag: string) =>
      flag === '--help' ? doc.includes('contactmesh --help') : new RegExp(`\`${flag}(?![a-z0-9-])`).test(section);
    expect(
      flags.filter((flag) => !documented(flag)),
      'flags `contactmesh centre --help` prints that the centre section of docs/cli.md does not document',
    ).toEqual([]);
  });
});
