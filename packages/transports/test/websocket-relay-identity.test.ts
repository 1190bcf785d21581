import type { IncomingMessage } from 'node:http';
import { type Centre, createCentre, ErrorCode, topicMatches, validateFilter } from '@contactmesh/core';
import { topicGrants } from '@contactmesh/core/protocol';
import {
  createRelay,
  createWebSocketTransport,
  type Relay,
  type RelayEvent,
  type RelayIdentity,
  type WebSocketTransport,
} from '@contactmesh/transports/websocket';
import fc from 'fast-check';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RelayGrants } from '../src/websocket/relay-identity.js';

// Identity from the channel (DESIGN.md §7) on the relay: `authenticate` binds each connection to
// the participant its credentials belong to, and the relay holds that connection to the topics
// that name it as their publisher. Real sockets; the tokens are the test's.

const tokens: Record<string, RelayIdentity | true> = {
  'token-a': { identity: 'a', role: 'centre' },
  'token-b': { identity: 'b', role: 'centre' },
  'token-g1': { identity: 'g1', role: 'gateway' },
  'token-ada': { identity: 'london-ada', role: 'agent' },
  'token-trusted': true,
};
const byToken = (request: IncomingMessage) => tokens[request.headers.authorization?.replace(/^Bearer /, '') ?? ''] ?? false;

let relay: Relay;
let url: string;
const transports: WebSocketTransport[] = [];
const rejected: RelayEvent[] = [];

beforeEach(async () => {
  relay = await createRelay({ authenticate: byToken });
  url = relay.url ?? '';
  rejected.length = 0;
  relay.events$.pipe(filter((e) => e.kind === 'rejected')).subscribe((e) => rejected.push(e));
});
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await relay.close();
});

function participant(id: string, token: string): WebSocketTransport {
  const transport = createWebSocketTransport({ url, id, reconnect: false, headers: { authorization: `Bearer ${token}` } });
  transports.push(transport);
  return transport;
}

async function connected(id: string, token: string): Promise<WebSocketTransport> {
  const transport = participant(id, token);
  await transport.connect();
  return transport;
}

/** A trusted watcher of everything under cm/acme/, and the topics it has received. */
async function watcher(): Promise<{ topics: string[]; seen: (topic: string) => Promise<void> }> {
  const watching = await connected('watcher', 'token-trusted');
  const topics: string[] = [];
  const waiters: { topic: string; resolve: () => void }[] = [];
  watching.subscribe('cm/acme/#', { qos: 1 }).subscribe((m) => {
    topics.push(m.topic);
    for (const w of waiters.filter((w) => w.topic === m.topic)) w.resolve();
  });
  await watching.subscribed();
  const seen = (topic: string) =>
    topics.includes(topic) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ topic, resolve }));
  return { topics, seen };
}

const notAuthorized = (what: RegExp) => ({
  name: 'ContactmeshError',
  code: ErrorCode.NOT_AUTHORIZED,
  message: expect.stringMatching(what),
});

/** Publishes each topic at QoS 1 and returns the ones the relay refused, each with its error. */
async function refusedOf(transport: WebSocketTransport, topics: readonly string[]): Promise<string[]> {
  const results = await Promise.allSettled(topics.map((topic) => transport.publish(topic, 'x', { qos: 1 })));
  const refused: string[] = [];
  for (const [i, result] of results.entries()) {
    if (result.status === 'fulfilled') continue;
    expect(result.reason).toMatchObject({ code: ErrorCode.NOT_AUTHORIZED });
    refused.push(topics[i] ?? '');
  }
  return refused;
}

describe('websocket relay: a connection bound to an identity', () => {
  it("lets a centre publish under its own id only: another centre's presence, replicas, auctions, bids and inbox messages are refused with CM_ERR_NOT_AUTHORIZED", async () => {
    const watch = await watcher();
    const a = await connected('a', 'token-a');
    const own = [
      'cm/acme/presence/a',
      'cm/acme/replica/a/agent/a1',
      'cm/acme/replica/a/contact/c1',
      'cm/acme/auction/a/c1',
      'cm/acme/auction/b/c9/bids/a',
      'cm/acme/inbox/b/from/a',
      `cm/acme/status/${'0'.repeat(64)}`,
    ];
    const forged = [
      'cm/acme/presence/b',
      'cm/acme/replica/b/agent/b1',
      'cm/acme/replica/b/contact/c2',
      'cm/acme/auction/b/c9',
      'cm/acme/auction/a/c1/bids/b',
      'cm/acme/inbox/x/from/b',
      'cm/acme/inbox/b',
      'cm/acme/replica/a/agent/a1/extra',
      'elsewhere/presence/a',
    ];
    expect(await refusedOf(a, [...forged, ...own])).toEqual(forged);
    await watch.seen('cm/acme/status/0000000000000000000000000000000000000000000000000000000000000000');
    // Each publisher's order holds, so everything a published before its last one has arrived: none forged.
    expect(watch.topics).toEqual(own);
    expect(rejected).toHaveLength(forged.length);
    expect(rejected[0]).toEqual({ kind: 'rejected', id: 'a', code: ErrorCode.NOT_AUTHORIZED, closed: false, topic: 'cm/acme/presence/b' });
    expect(relay.stats()).toMatchObject({ notAuthorized: forged.length, rejected: forged.length, published: own.length });
    expect(a.state).toBe('connected');
  });

  it('words the refusal with the identity, the topic and what to do instead', async () => {
    const a = await connected('a', 'token-a');
    await expect(a.publish('cm/acme/replica/b/agent/b1', 'x', { qos: 1 })).rejects.toMatchObject(
      notAuthorized(
        /^The relay refused: This connection is bound to centre "a", which may not publish on "cm\/acme\/replica\/b\/agent\/b1"; publish only on topics that name it as their publisher/,
      ),
    );
  });

  it('reports a refused QoS 0 publication on errors$', async () => {
    const a = await connected('a', 'token-a');
    const reported = firstValueFrom(a.errors$);
    await a.publish('cm/acme/presence/b', 'x', { qos: 0 });
    expect(await reported).toMatchObject(notAuthorized(/"cm\/acme\/presence\/b"/));
    expect(a.state).toBe('connected');
  });

  it('lets a gateway send inbox messages as itself, and nothing else', async () => {
    const g1 = await connected('g1', 'token-g1');
    const forged = [
      'cm/acme/replica/g1/agent/x',
      'cm/acme/replica/a/contact/c1',
      'cm/acme/presence/g1',
      'cm/acme/presence/a',
      `cm/acme/status/${'0'.repeat(64)}`,
      'cm/acme/auction/g1/c1',
      'cm/acme/auction/a/c1/bids/g1',
      'cm/acme/inbox/a/from/b',
    ];
    expect(await refusedOf(g1, [...forged, 'cm/acme/inbox/a/from/g1'])).toEqual(forged);
  });

  it("lets an agent's computer send inbox messages as itself (to any centre: the relay does not know its home) and its own node presence, nothing else: never a centre's presence, not even under its own id", async () => {
    const ada = await connected('london-ada', 'token-ada');
    const forged = [
      'cm/acme/inbox/london/from/london',
      'cm/acme/auction/london/c1/bids/london-ada',
      'cm/acme/auction/london-ada/c1',
      'cm/acme/replica/london-ada/agent/ada',
      'cm/acme/presence/london',
      'cm/acme/presence/london-ada',
      'cm/acme/node-presence/london',
      `cm/acme/status/${'0'.repeat(64)}`,
    ];
    const own = ['cm/acme/inbox/london/from/london-ada', 'cm/acme/inbox/paris/from/london-ada', 'cm/acme/node-presence/london-ada'];
    expect(await refusedOf(ada, [...forged, ...own])).toEqual(forged);
  });

  it('refuses a hello under another id than the bound one, and closes the connection', async () => {
    const refusal = firstValueFrom(relay.events$.pipe(filter((e) => e.kind === 'rejected')));
    const impostor = participant('b', 'token-a');
    await expect(impostor.connect()).rejects.toMatchObject(
      notAuthorized(/bound to centre "a", which may not say hello as "b"; say hello as "a", or present the credentials of "b"/),
    );
    expect(impostor.state).toBe('closed');
    expect(await refusal).toEqual({ kind: 'rejected', id: undefined, code: ErrorCode.NOT_AUTHORIZED, closed: true });
    expect(relay.stats()).toMatchObject({ participants: 0, notAuthorized: 1 });
    // b's own credentials still work.
    await connected('b', 'token-b');
  });

  it("refuses a will on another centre's presence at the hello", async () => {
    const a = participant('a', 'token-a');
    await expect(a.connect({ will: { topic: 'cm/acme/presence/b', payload: 'offline', retain: true, qos: 1 } })).rejects.toMatchObject(
      notAuthorized(/may not leave a will on "cm\/acme\/presence\/b"/),
    );
    const b = participant('b', 'token-b');
    await b.connect({ will: { topic: 'cm/acme/presence/b', payload: 'offline', retain: true, qos: 1 } });
    expect(rejected).toEqual([
      { kind: 'rejected', id: undefined, code: ErrorCode.NOT_AUTHORIZED, closed: true, topic: 'cm/acme/presence/b' },
    ]);
  });

  it("refuses subscriptions outside the role's reads, and keeps the others", async () => {
    const cases: [string, string, readonly string[], readonly string[]][] = [
      [
        'a',
        'token-a',
        [
          'cm/acme/inbox/a/from/+',
          'cm/acme/inbox/a',
          'cm/acme/replica/#',
          'cm/+/presence/+',
          'cm/acme/auction/+/+',
          '$share/centres/cm/acme/replica/#',
        ],
        ['cm/acme/inbox/b/#', 'cm/acme/inbox/+/from/a', 'cm/#', '#', 'cm/acme/status/#', 'cm/acme/presence/#'],
      ],
      [
        'g1',
        'token-g1',
        ['cm/acme/status/#', `cm/acme/status/${'0'.repeat(64)}`, 'cm/acme/inbox/g1/#'],
        ['cm/acme/replica/#', 'cm/acme/auction/#'],
      ],
      ['london-ada', 'token-ada', ['cm/acme/auction/+/+', 'cm/acme/inbox/london-ada/from/+'], ['cm/acme/replica/#', 'cm/acme/status/#']],
    ];
    for (const [id, token, allowed, refused] of cases) {
      const transport = await connected(id, token);
      const errors = refused.map((f) => new Promise((resolve) => transport.subscribe(f).subscribe({ error: resolve })));
      for (const f of allowed) transport.subscribe(f).subscribe({ error: (e) => expect.fail(`${f} refused: ${String(e)}`) });
      for (const error of await Promise.all(errors)) expect(error).toMatchObject(notAuthorized(/may not subscribe to/));
      await transport.subscribed();
    }
    expect(relay.stats()).toMatchObject({ notAuthorized: 10, subscriptions: 11 });
  });

  it('lets in unbound, free to use any topic, a connection authenticate answered with true', async () => {
    const trusted = await connected('anyone', 'token-trusted');
    await trusted.publish('cm/acme/presence/a', 'x', { qos: 1 });
    trusted.subscribe('#');
    await trusted.subscribed();
    expect(relay.stats().notAuthorized).toBe(0);
  });

  it('refuses with 401, naming what came back, an upgrade whose authenticate returns neither a boolean nor an identity', async () => {
    const odd = await createRelay({ authenticate: () => ({ identity: 'Not An Id', role: 'centre' }) as unknown as RelayIdentity });
    const refused = firstValueFrom(odd.events$);
    const t = createWebSocketTransport({ url: odd.url ?? '', id: 'x', reconnect: false });
    await expect(t.connect()).rejects.toMatchObject({ code: ErrorCode.TRANSPORT_CLOSED });
    expect(await refused).toMatchObject({
      kind: 'refused',
      status: 401,
      reason: expect.stringMatching(/^authenticate returned .*Not An Id/),
    });
    await odd.close();
  });
});

/** Resolves once `check` holds, looking again every 10 ms; fails after 10 s. */
async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`No ${what} within 10 s.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('websocket relay: a network of centres bound to their identities', () => {
  it('carries their presence, replicas and a contact routed from one to the other, refusing nothing', async () => {
    const centres: Centre[] = [];
    for (const id of ['a', 'b']) {
      const centre: Centre = createCentre({
        id,
        network: 'acme',
        transport: participant(id, `token-${id}`),
        adapter: { offer: ({ agent, contact }) => void queueMicrotask(() => centre.agents.answer(agent, contact)) },
      });
      centres.push(centre);
    }
    const [a, b] = centres as [Centre, Centre];
    try {
      await Promise.all(centres.map((c) => c.start()));
      await until('presence', () => centres.every((c) => c.replicas.isOnline('a') && c.replicas.isOnline('b')));
      b.agents.login('b1', { displayName: 'B', skills: { billing: 5 } });
      b.agents.ready('b1');
      await until('the agent replicated', () => a.replicas.agents({ state: 'idle' }).length === 1);
      a.contacts.arrive({ media: 'voice', skillset: 'billing', id: 'c1' });
      await until('the call connected at b', () =>
        centres.every((c) => c.replicas.contact('c1')?.state === 'connected' && c.replicas.contact('c1')?.owner === 'b'),
      );
      expect(rejected).toEqual([]);
      expect(relay.stats().notAuthorized).toBe(0);
    } finally {
      await Promise.all(centres.map((c) => c.stop()));
    }
  });
});

describe('the relay grants, for any filter', () => {
  const plain = fc.constantFrom('cm', 'acme', 'inbox', 'from', 'a', 'b', 'replica', 'agent', 'status', 'presence', 'auction', 'bids');
  const levels = fc.array(fc.oneof(plain, fc.constantFrom('+', '#')), { minLength: 1, maxLength: 6 });
  // Most under a network's root, where the grants are; some anywhere.
  const filterArb = fc
    .oneof(
      fc.tuple(fc.constantFrom('cm/acme', 'cm/+'), plain, levels).map(([root, kind, rest]) => [root, kind, ...rest].join('/')),
      levels.map((l) => l.join('/')),
    )
    .filter((f) => validateFilter(f).ok);
  const roleArb = fc.constantFrom(...(['centre', 'gateway', 'agent'] as const));

  /** A topic `filter` matches: each `+` one level of `fill`, `#` the rest of it (none or more). */
  const instance = (f: string, fill: readonly string[]): string => {
    const levels: string[] = [];
    let next = 0;
    for (const level of f.split('/')) {
      if (level === '#') levels.push(...fill.slice(next, next + 3));
      else levels.push(level === '+' ? (fill[next++] ?? 'a') : level);
    }
    return levels.join('/');
  };

  it('accepts a subscription only when every topic it can match is one the role reads', () => {
    fc.assert(
      fc.property(roleArb, filterArb, fc.array(plain, { maxLength: 10 }), (role, f, fill) => {
        if (new RelayGrants({ identity: 'a', role }).subscription(f) !== undefined) return;
        const topic = instance(f, fill);
        if (topic === '' || !topicMatches(f, topic)) return;
        const reads = topicGrants(role, 'a').read.map((g) => `cm/+/${g}`);
        expect(reads.some((g) => topicMatches(g, topic))).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
});
