import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWebSocketTransport, type WebSocketTransport } from '@contactmesh/transports/websocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, ExitCode } from '../../src/index.js';
import { pressableWall } from '../pressable-wall.js';
import { runCli } from '../run-cli.js';

// `contactmesh relay --tokens-file`: each token binds the participant presenting it to one
// identity and role, and the relay holds it to the topics that name it; `--token-env`'s shared
// token stays unrestricted.

const londonToken = 'london-0123456789abcdef';
const gatewayToken = 'gateway-0123456789abcdef';
const sharedToken = 'shared-0123456789abcdef';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'contactmesh-relay-tokens-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** Starts `contactmesh relay …args` and returns its URL, its output and a way to press Ctrl-C. */
async function startRelay(args: readonly string[], env: Record<string, string> = {}) {
  const { wall, press: pressKey } = pressableWall();
  const out: string[] = [];
  const running = buildProgram({ out: (t) => out.push(t), err: (t) => out.push(t) }, { wall, env }).parseAsync([
    'node',
    'contactmesh',
    'relay',
    '--port',
    '0',
    ...args,
  ]);
  let url: string | undefined;
  for (let i = 0; i < 10_000 && url === undefined; i++) {
    url = out.join('\n').match(/relay listening on (ws:\/\/\S+)/)?.[1];
    if (url === undefined) await new Promise((resolve) => setImmediate(resolve));
  }
  if (url === undefined) throw new Error(`The relay did not start: ${out.join('\n')}`);
  return {
    url,
    out,
    stop: async () => {
      pressKey();
      await running;
    },
  };
}

describe('contactmesh relay --tokens-file', () => {
  it("binds each token to its identity: a centre cannot publish as another, nor say hello as one; the shared token's holder is unrestricted", async () => {
    const tokens = await file(
      'tokens.json',
      JSON.stringify({ [londonToken]: { identity: 'london', role: 'centre' }, [gatewayToken]: { identity: 'gateway-1', role: 'gateway' } }),
    );
    const relay = await startRelay(['--tokens-file', tokens, '--token-env', 'RELAY_TOKEN'], { RELAY_TOKEN: sharedToken });
    expect(relay.out.join('\n')).toMatch(/\(token required; 2 tokens bound to identities\)/);
    const open: WebSocketTransport[] = [];
    const as = async (id: string, token: string) => {
      const t = createWebSocketTransport({ url: relay.url, id, reconnect: false, headers: { authorization: `Bearer ${token}` } });
      open.push(t);
      await t.connect();
      return t;
    };
    try {
      const london = await as('london', londonToken);
      await london.publish('cm/acme/presence/london', 'online', { qos: 1, retain: true });
      await expect(london.publish('cm/acme/presence/paris', 'offline', { qos: 1, retain: true })).rejects.toMatchObject({
        code: 'CM_ERR_NOT_AUTHORIZED',
        message: expect.stringContaining('bound to centre "london", which may not publish on "cm/acme/presence/paris"'),
      });
      const gateway = await as('gateway-1', gatewayToken);
      await gateway.publish('cm/acme/inbox/london/from/gateway-1', 'command', { qos: 1 });
      await expect(gateway.publish('cm/acme/replica/london/agent/a1', 'forged', { qos: 1 })).rejects.toMatchObject({
        code: 'CM_ERR_NOT_AUTHORIZED',
      });
      await expect(as('paris', londonToken)).rejects.toMatchObject({ code: 'CM_ERR_NOT_AUTHORIZED' });
      await expect(as('paris', 'not-a-token-0123456789')).rejects.toMatchObject({ code: 'CM_ERR_TRANSPORT_CLOSED' });
      const trusted = await as('operator-tool', sharedToken);
      await trusted.publish('cm/acme/presence/paris', 'anything', { qos: 1 });
    } finally {
      await Promise.all(open.map((t) => t.close()));
      await relay.stop();
    }
    expect(relay.out.join('\n')).toMatch(/relay stopped: \{.*"notAuthorized":3/);
  });

  it('refuses a bad tokens file with the usage exit code, naming the problem and never more of a token than its first four characters', async () => {
    const big = await file('big.json', `{"x":"${'a'.repeat(1_048_577)}"}`);
    const cases: [string, RegExp][] = [
      [
        await file('role.json', JSON.stringify({ [londonToken]: { identity: 'london', role: 'boss' } })),
        /binding of token 1 \("lond"…\) at role: .*centre \| gateway \| agent.*"boss"/,
      ],
      [
        await file('id.json', JSON.stringify({ [londonToken]: { identity: 'London', role: 'centre' } })),
        /binding of token 1 \("lond"…\) at identity: .*"London"/,
      ],
      [
        await file('field.json', JSON.stringify({ [londonToken]: { identity: 'london', role: 'centre', admin: true } })),
        /unknown field "admin"/,
      ],
      [
        await file('short.json', JSON.stringify({ 'short-secret': { identity: 'london', role: 'centre' } })),
        /token 1 \("shor"…\) must be 16 to 512 characters.*it is 12 characters/,
      ],
      [await file('list.json', '[]'), /expected an object of token → \{ "identity"/],
      [await file('empty.json', '{}'), /no tokens; bind at least one/],
      [await file('broken.json', `{"${londonToken}": {`), /not valid JSON\./],
      [big, /the tokens file is 1048585 bytes; at most 1048576 are read/],
      [join(dir, 'missing.json'), /Cannot read the tokens file .*missing\.json: ENOENT/],
    ];
    for (const [path, message] of cases) {
      const { err, exitCode } = await runCli(['relay', '--port', '0', '--tokens-file', path]);
      expect(exitCode, path).toBe(ExitCode.usage);
      expect(err, path).toMatch(message);
      expect(err).not.toContain(londonToken);
    }
    const shared = await file('shared.json', JSON.stringify({ [sharedToken]: { identity: 'london', role: 'centre' } }));
    const { err, exitCode } = await runCli(['relay', '--port', '0', '--tokens-file', shared, '--token-env', 'RELAY_TOKEN'], {
      env: { RELAY_TOKEN: sharedToken },
    });
    expect({ exitCode, err }).toEqual({
      exitCode: ExitCode.usage,
      err: expect.stringMatching(/the token in RELAY_TOKEN is bound to an identity there too/),
    });
  });
});
