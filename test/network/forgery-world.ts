import { type Centre, createCentre, encode, hashToken, sequentialIds, type Transport, VirtualClock } from '@contactmesh/core';
import { filter } from 'rxjs';
import { type Backend, forgers, type Network, notAuthorized, openNetwork } from './forgery-networks.js';

// A small network at rest, for forgery tests (issue "Only a centre speaks for itself"): centre a
// holds contact x1 (queued: nobody has its skill; auctioned, bids written next to the entity, and
// the clock never moves, so the auction stays open) and agent a1 (idle); centre b holds agent b1
// (idle) and contact y1, connected to its agent b2. Three forgers, one per role, publish raw
// envelopes: f, a centre that owns nothing; gw, a gateway; b-b1, the computer of b's agent b1.
// The backends, and where the centres pin their peers, are in forgery-networks.ts.

export { type Backend, forgers } from './forgery-networks.js';

/** What the forgers know of the world: ids, revs, fences and token hashes. */
export interface Facts {
  /** The open auction of x1. */
  readonly auctionId: string;
  readonly x1: { readonly rev: number; readonly tokenHash: string };
  readonly y1: { readonly rev: number; readonly tokenHash: string };
  readonly fences: Readonly<Record<'a1' | 'b1' | 'b2', number>>;
  readonly snapshots: Readonly<Record<'x1' | 'y1', unknown>>;
  readonly agents: Readonly<Record<'a1' | 'b1' | 'b2', unknown>>;
}

type AgentView = { value: unknown; context: { fence: number; lease: unknown; offer: unknown; work: unknown } };

/** Starts the world on `backend`, at rest; `close()` ends it. */
export async function forgeryWorld(backend: Backend) {
  const clock = new VirtualClock(0);
  const network = await openNetwork(backend, clock);
  const opened: Transport[] = [];
  try {
    return await worldOn(backend, network, clock, (id) => {
      const transport = network.connect(id);
      opened.push(transport);
      return transport;
    });
  } catch (error) {
    // A world that never came to rest leaves no client or broker behind.
    await Promise.allSettled(opened.map((t) => t.close()));
    await network.close();
    throw error;
  }
}

async function worldOn(backend: Backend, network: Network, clock: VirtualClock, connect: (id: string) => Transport) {
  const offers: string[] = [];
  const centres: Record<string, Centre> = {};
  for (const [i, id] of ['a', 'b'].entries()) {
    const centre: Centre = createCentre({
      id,
      network: 'acme',
      transport: connect(id),
      clock,
      ids: sequentialIds(id),
      incarnation: (i + 1) * 1_000,
      ...(network.peers === undefined ? {} : { peers: network.peers }),
      ...(id === 'a' ? { auctions: { queues: ['sales'], bidForm: 'entry' as const } } : {}),
      policies: { contact: { skillsets: ['billing', 'sales'] }, agent: { wrapUpMs: 0 } },
      adapter: { offer: ({ agent, contact }) => void offers.push(`${id}/${agent}/${contact}`) },
    });
    centres[id] = centre;
  }
  const a = centres.a as Centre;
  const b = centres.b as Centre;
  const settle = () => {
    for (let i = 0; i < 10_000 && clock.nextDeadline() === clock.now(); i++) clock.advance(0);
  };
  /** Settles until `check` holds: at once on the hub; over the wire, as messages come in (within 20 s). */
  const until = async (what: string, check: () => boolean) => {
    const deadline = Date.now() + 20_000;
    for (let i = 0; i < 5_000 || Date.now() < deadline; i++) {
      settle();
      if (check()) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`The forgery world never reached: ${what}.`);
  };
  const transports = new Map<string, Transport>();
  for (const id of Object.values(forgers)) {
    const transport = connect(id);
    await transport.connect();
    transports.set(id, transport);
  }
  await Promise.all([a.start(), b.start()]);
  // f is a centre: it announces itself as one, as itself, retained as a centre does (over the
  // wire a centre's subscription may be acknowledged after f's presence is sent).
  const presence = { centre: 'f', status: 'online', incarnation: 1, since: 0 };
  await publish(transports.get('f') as Transport, 'presence/f', 'presence', 'f/runtime/main', presence, undefined, true);
  await until('every centre online', () => [a, b].every((c) => ['a', 'b', 'f'].every((x) => c.replicas.isOnline(x))));
  b.agents.login('b2', { displayName: 'b2', skills: { billing: 5 } });
  b.agents.ready('b2');
  const y1 = b.contacts.arrive({ id: 'y1', media: 'voice', skillset: 'billing' });
  await until('y1 offered to b2', () => offers.includes('b/b2/y1'));
  b.agents.answer('b2', 'y1');
  for (const [centre, agent] of [
    [a, 'a1'],
    [b, 'b1'],
  ] as const) {
    centre.agents.login(agent, { displayName: agent, skills: { billing: 5 } });
    centre.agents.ready(agent);
  }
  const x1 = a.contacts.arrive({ id: 'x1', media: 'voice', skillset: 'sales' });
  const agentView = (home: Centre, id: string) => home.runtime.snapshot(`${home.id}/agent/${id}`) as AgentView;
  const atRest = () =>
    [a, b].every(
      (c) =>
        c.replicas.contact('x1')?.state === 'queued' &&
        c.replicas.contact('y1')?.state === 'connected' &&
        ['a1', 'b1'].every((id) => c.replicas.agent(id === 'a1' ? 'a' : 'b', id)?.state === 'idle'),
    );
  await until('the network at rest', atRest);

  /**
   * Who holds each contact, what each agent is doing (lease, offer, work), which agents and contacts
   * every centre's replicas show, and which centres: forgeries must change none of it.
   */
  const state = () => ({
    owners: {
      x1: ['a', 'b'].filter((c) => centres[c]?.runtime.snapshot(`${c}/contact/x1`)),
      y1: ['a', 'b'].filter((c) => centres[c]?.runtime.snapshot(`${c}/contact/y1`)),
    },
    agents: Object.fromEntries(
      (
        [
          ['a1', a],
          ['b1', b],
          ['b2', b],
        ] as const
      ).map(([id, home]) => {
        const { value, context } = agentView(home, id);
        return [id, { value, lease: context.lease, offer: context.offer, work: context.work }];
      }),
    ),
    replicas: Object.fromEntries(
      [a, b].map((c) => [
        c.id,
        {
          // Who owns a contact is who holds it (above): replicas take the newest rev of a contact
          // whoever claims it (docs/security.md, not defended), so they are not compared here.
          agents: ['a1', 'b1', 'b2'].map((id) => c.replicas.agent(id === 'a1' ? 'a' : 'b', id)?.state),
          centres: c.replicas.centres().map((info) => `${info.centre}:${info.status}`),
        },
      ]),
    ),
    offers: [...offers],
  });

  const snapshot = (centre: Centre, kind: 'agent' | 'contact', id: string) =>
    kind === 'agent' ? centre.replicas.agent(centre.id, id) : centre.replicas.contact(id);
  const auction = a.runtime.addresses().find((address) => address.startsWith('a/auction/')) ?? '';
  const facts: Facts = {
    auctionId: auction.slice('a/auction/'.length),
    x1: { rev: a.replicas.contact('x1')?.rev ?? 0, tokenHash: hashToken(x1.token) },
    y1: { rev: b.replicas.contact('y1')?.rev ?? 0, tokenHash: hashToken(y1.token) },
    fences: { a1: agentView(a, 'a1').context.fence, b1: agentView(b, 'b1').context.fence, b2: agentView(b, 'b2').context.fence },
    snapshots: { x1: snapshot(a, 'contact', 'x1'), y1: snapshot(b, 'contact', 'y1') },
    agents: { a1: snapshot(a, 'agent', 'a1'), b1: snapshot(b, 'agent', 'b1'), b2: snapshot(b, 'agent', 'b2') },
  };

  /** Refusals so far: every centre's rejected messages (but the barriers), and those on the way (relay, broker ACL). */
  const refusals = () =>
    [a, b].reduce(
      (sum, c) =>
        sum +
        Object.entries(c.runtime.stats().rejected).reduce(
          (n, [code, count]) => (code === 'CM_ERR_UNKNOWN_MESSAGE_TYPE' ? n : n + (count ?? 0)),
          0,
        ),
      0,
    ) + network.refusedOnTheWay();

  // A barrier: an unknown message type from the forger to every centre, refused on arrival. The
  // relay and the brokers keep one publisher's order, so once it is refused everything sent before
  // it arrived. Where Mosquitto's ACL refuses the forger that inbox (b-b1 writes only to its home
  // b's), f sends the barrier instead, once the forgery's publish has resolved: Mosquitto queues a
  // QoS 1 publication for every subscriber before it acknowledges it, and delivers each
  // subscriber's queue in order, so the forgery (if let through) still arrives first.
  const barriers = { sent: 0 };
  const barrierRefused = { a: 0, b: 0 };
  for (const c of [a, b]) {
    c.events$.pipe(filter((e) => e.type === 'message.rejected' && e.code === 'CM_ERR_UNKNOWN_MESSAGE_TYPE')).subscribe(() => {
      barrierRefused[c.id as 'a' | 'b'] += 1;
    });
  }

  /** Sends one raw envelope from forger `id`; a publication the relay or broker refuses is counted there. */
  const forge = async (id: string, topic: string, type: string, from: string, body: unknown, to?: string) => {
    const transport = transports.get(id) as Transport;
    await publish(transport, topic, type, from, body, to).catch((error: unknown) => network.rejected(error));
    if (!network.wire) return settle();
    barriers.sent += 1;
    for (const c of ['a', 'b'] as const) {
      await publish(transport, `inbox/${c}/from/${id}`, 'forgery.barrier', `${id}/runtime/main`, {}).catch(async (error: unknown) => {
        if (!notAuthorized(error)) throw error;
        await publish(transports.get('f') as Transport, `inbox/${c}/from/f`, 'forgery.barrier', 'f/runtime/main', {});
      });
    }
    const sent = barriers.sent;
    await until('the barrier', () => barrierRefused.a >= sent && barrierRefused.b >= sent);
  };

  const close = async () => {
    try {
      await Promise.all([a.stop(), b.stop(), ...[...transports.values()].map((t) => t.close())]);
    } finally {
      await network.close();
    }
  };
  return { backend, facts, state, refusals, forge, close };
}

let sent = 0;
/** Publishes a raw envelope at QoS 1 on a topic relative to `cm/acme/`. */
async function publish(transport: Transport, topic: string, type: string, from: string, body: unknown, to?: string, retain = false) {
  const bytes = encode({ v: 1, id: `forged-${++sent}`, type, from, ...(to === undefined ? {} : { to }), ts: 0, body });
  if (!bytes.ok) throw bytes.error;
  await transport.publish(`cm/acme/${topic}`, bytes.value, { qos: 1, retain });
}
