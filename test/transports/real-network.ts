import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import {
  type AuctionOptions,
  type BiddingPolicy,
  type Centre,
  createCentre,
  type Limits,
  type RouterMode,
  type RouterPolicy,
  realClock,
  type Transport,
} from '@contactmesh/core';
import { createMqttTransport, type EmbeddedBroker, type MqttTransport, startEmbeddedBroker } from '@contactmesh/transports/mqtt';
import { createRelay, createWebSocketTransport, type Relay, type WebSocketTransport } from '@contactmesh/transports/websocket';
import { filter, firstValueFrom, merge, type Subscription, tap } from 'rxjs';
import { onTestFinished } from 'vitest';
import type { AcdLog } from '../network/network-world.js';
import { agentActors, contactAt } from '../support/network-invariants.js';
import { sweepRetained } from './retained-sweep.js';

export { agentAt, checkInvariants, contactAt, whereIs } from '../support/network-invariants.js';

import type WebSocket from 'ws';

// A network of centres over a real transport (DESIGN.md §7) and the real clock: the scenario
// suites of the memory hub, run again over sockets. Nothing here sleeps: a test waits for a
// condition with `until`, which looks again whenever any centre did something (see its rule).

/** One id per test run: in MQTT client ids and network ids, so runs on a shared broker never meet. */
const runId = `${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
let worlds = 0;

/** A broker (or relay) for one network: it makes each centre's connection and can kill one. */
export interface Backend {
  transport(centre: string): Transport;
  /** A bare participant (no centre) with its own payload limit, e.g. a fuzzer that may publish more than the centres accept; `subscribed()` covers it too. */
  participant(id: string, limits: Partial<Pick<Limits, 'maxPayloadBytes'>>): Transport;
  /** The relay, on the websocket backend. */
  readonly relay?: Relay;
  /** Every connection's subscriptions are acknowledged by the broker: what others publish from now on reaches them. */
  subscribed(): Promise<void>;
  /** Kills a centre's connection without a clean close (its socket destroyed), so its will fires; resolves once its transport saw the loss. */
  crash(centre: string): Promise<void>;
  /** Closes what the backend opened (the centres' transports are closed by their centres). */
  close(): Promise<void>;
}

/** A real transport the scenarios run over. */
export interface RealTransport {
  readonly name: string;
  /** Opens a backend for a network with this id. */
  open(network: string): Promise<Backend>;
}

/** The relay (`ws` server) on 127.0.0.1, port 0, one per network; clients do not reconnect (a crash is final). */
export const websocketTransport: RealTransport = {
  name: 'websocket relay',
  async open() {
    const relay: Relay = await createRelay({ port: 0 });
    const transports = new Map<string, WebSocketTransport>();
    const sockets = new Map<string, WebSocket>();
    const connect = (id: string, limits: Partial<Pick<Limits, 'maxPayloadBytes'>> = {}) => {
      const transport = createWebSocketTransport({
        url: relay.url ?? '',
        id,
        reconnect: false,
        limits,
        onSocket: (socket) => sockets.set(id, socket),
      });
      transports.set(id, transport);
      return transport;
    };
    return {
      relay,
      transport: (centre) => connect(centre),
      participant: connect,
      subscribed: async () => {
        await Promise.all([...transports.values()].filter((t) => t.state === 'connected').map((t) => t.subscribed()));
      },
      async crash(centre) {
        const transport = transports.get(centre);
        const socket = sockets.get(centre);
        if (transport === undefined || socket === undefined) throw new Error(`No connection of ${centre} to crash.`);
        const lost = firstValueFrom(transport.state$.pipe(filter((state) => state !== 'connected')));
        socket.terminate();
        await lost;
      },
      close: () => relay.close(),
    };
  },
};

/**
 * MQTT connections to the broker at `url()`. Closing runs `dispose` (a broker of the network's
 * own: stop it), or else clears the network's retained topics, so a shared broker is left as found.
 */
function mqttBackend(
  url: () => string,
  network: string,
  dispose?: () => Promise<void>,
  backoff: { readonly reconnectMs: number; readonly maxReconnectMs?: number } = { reconnectMs: 60_000 },
): Backend {
  const clientIdPrefix = `cm-${network}-`;
  const transports = new Map<string, MqttTransport>();
  const sockets = new Map<string, Socket>();
  const create = (participantId: string, limits: Partial<Pick<Limits, 'maxPayloadBytes'>> = {}) =>
    // A long reconnect wait by default: a crashed centre's transport must not come back before its centre is stopped.
    createMqttTransport({
      participantId,
      url: url(),
      clientIdPrefix,
      ...backoff,
      limits,
      onSocket: (s) => sockets.set(participantId, s),
    });
  const connect = (id: string, limits?: Partial<Pick<Limits, 'maxPayloadBytes'>>) => {
    const transport = create(id, limits);
    transports.set(id, transport);
    return transport;
  };
  return {
    transport: (centre) => connect(centre),
    participant: connect,
    subscribed: async () => {
      await Promise.all([...transports.values()].filter((t) => t.state === 'connected').map((t) => t.whenSubscribed()));
    },
    async crash(centre) {
      const transport = transports.get(centre);
      const socket = sockets.get(centre);
      if (transport === undefined || socket === undefined) throw new Error(`No connection of ${centre} to crash.`);
      const lost = firstValueFrom(transport.state$.pipe(filter((state) => state !== 'connected')));
      socket.destroy();
      await lost;
    },
    async close() {
      // A broker of our own goes with its retained values; a shared one is left as found.
      if (dispose === undefined) await sweepRetained(create('sweeper'), `cm/${network}/#`, `cm/${network}/sweep/${runId}`);
      else await dispose();
    },
  };
}

/** The embedded aedes broker (MQTT 3.1.1), one per network. */
export const embeddedMqttTransport: RealTransport = {
  name: 'mqtt (embedded aedes)',
  async open(network) {
    const broker: EmbeddedBroker = await startEmbeddedBroker();
    return mqttBackend(
      () => broker.url,
      network,
      () => broker.close(),
    );
  },
};

/** An external broker by URL (Mosquitto in CI), shared by every network: each has its own topics and client ids. */
export const externalMqttTransport = (url: string): RealTransport => ({
  name: `mqtt (external broker ${url})`,
  open: async (network) => mqttBackend(() => url, network),
});

/**
 * A broker the test starts, stops and starts again itself (a restart): the centres reconnect
 * within `reconnectMs` to `2 × reconnectMs`; closing the network leaves the broker to the test.
 */
export const restartingMqttTransport = (name: string, url: () => string, reconnectMs: number): RealTransport => ({
  name,
  open: async (network) => mqttBackend(url, network, async () => undefined, { reconnectMs, maxReconnectMs: 2 * reconnectMs }),
});

export interface RealNetworkOptions {
  readonly mode?: RouterMode;
  readonly modes?: Readonly<Record<string, RouterMode>>;
  readonly router?: Partial<RouterPolicy>;
  readonly auctions?: Readonly<Record<string, AuctionOptions>>;
  readonly bidding?: Readonly<Record<string, BiddingPolicy | false>>;
  /**
   * The bound of every `until` (ms): it never decides an outcome, it only ends a wait that went
   * wrong, with a message. Default 5 s, where a wait takes milliseconds; keep it under the test's timeout.
   */
  readonly timeoutMs?: number;
}

/**
 * Centres `ids` on one real transport with the real clock, started, each connection's
 * subscriptions acknowledged and every centre seeing every other online — so a test may act at
 * once. Policies are the memory world's (`test/network/network-world.ts`): skillsets billing and
 * sales, no wrap-up.
 */
export async function realNetworkOf(backendOf: RealTransport, ids: readonly string[], options: RealNetworkOptions = {}) {
  const network = `rn-${runId}-${++worlds}`;
  const backend = await backendOf.open(network);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const log: AcdLog = { offers: [], forwards: [], outcomes: [], failures: [], auctions: [] };
  const centres: Record<string, Centre> = {};
  const crashed = new Set<string>();
  const watching = new Map<string, Subscription>();

  // Activity: anything any live centre does. Listeners run once per burst, on a microtask after it,
  // so they see the state between two deliveries, never the middle of a transition.
  const listeners = new Set<() => void>();
  let scheduled = false;
  const activity = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      for (const listener of [...listeners]) listener();
    });
  };

  // Sockets outlive a failed test: whatever happens, the test ends with the network closed.
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      listeners.clear();
      for (const w of watching.values()) w.unsubscribe();
      await Promise.all(Object.entries(centres).flatMap(([id, c]) => (crashed.has(id) ? [] : [c.stop()])));
      await backend.close();
    })();
    return closing;
  };
  onTestFinished(() => close());

  for (const id of ids) {
    const live = () => !crashed.has(id);
    const centre = createCentre({
      id,
      network,
      transport: backend.transport(id),
      clock: realClock,
      mode: options.modes?.[id] ?? options.mode ?? { kind: 'network' },
      inspect: () => activity(),
      ...(options.auctions?.[id] === undefined ? {} : { auctions: options.auctions[id] }),
      ...(options.bidding?.[id] === undefined ? {} : { bidding: options.bidding[id] }),
      policies: {
        contact: { skillsets: ['billing', 'sales'] },
        agent: { wrapUpMs: 0 },
        ...(options.router ? { router: options.router } : {}),
      },
      adapter: {
        offer: ({ agent, contact }) => {
          if (live()) log.offers.push({ centre: id, agent, contact });
          activity();
        },
        forward: ({ contact, to, agent }) => {
          if (live()) log.forwards.push({ centre: id, contact, to, agent: agent ?? '' });
          activity();
        },
      },
    });
    const watch = merge(
      centre.events$.pipe(
        tap((event) => {
          if (event.type === 'contact.outcome') log.outcomes.push({ centre: id, contact: event.contact, outcome: event.outcome });
          if (event.type === 'actor.failed' || event.type === 'effect.failed' || event.type === 'adapter.failed') log.failures.push(event);
          if (event.type === 'auction.closed') log.auctions.push(event);
        }),
      ),
      centre.replicas.changes$,
    ).subscribe(() => activity());
    watching.set(id, watch);
    centres[id] = centre;
  }
  await Promise.all(Object.values(centres).map((c) => c.start()));
  await backend.subscribed();

  const centre = (id: string): Centre => {
    const found = centres[id];
    if (found === undefined) throw new Error(`no centre ${id}`);
    return found;
  };
  const live = () => ids.filter((id) => !crashed.has(id));
  /** Where contact `id` lives now: the live centres hosting it. */
  const owners = (contact: string) => live().filter((c) => centre(c).runtime.snapshot(`${c}/contact/${contact}`) !== undefined);

  // Watches: checks run after every burst of activity; the first failure is kept, and ends any wait.
  const watches: (() => void)[] = [];
  let violation: unknown;
  const runWatches = () => {
    if (violation !== undefined) return;
    try {
      for (const check of watches) check();
    } catch (error) {
      violation = error;
    }
  };
  listeners.add(runWatches);
  /** Runs `check` now and after every burst of activity until the network stops; `until` and `stop` rethrow its first failure. */
  const watch = (check: () => void) => {
    watches.push(check);
    runWatches();
  };

  /**
   * Waits until `holds()` is true. The rule: `holds` is checked now, then again after every burst
   * of activity of any live centre — an actor's transition (XState inspection), a runtime or
   * centre event, a replica or presence change, an adapter command — and never on a timer, so a
   * wait ends at the first moment its condition is true. `timeoutMs` only bounds the wait: a test
   * that reaches it fails with `what` and the state `describe` gives; it never decides an outcome.
   * A failed watch ends the wait at once with its failure.
   */
  const until = (holds: () => boolean, what: string, describe?: () => unknown): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const finish = (error?: unknown) => {
        listeners.delete(check);
        realClock.clearTimer(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      const check = () => {
        if (violation !== undefined) return finish(violation);
        try {
          if (holds()) finish();
        } catch (error) {
          finish(error);
        }
      };
      const timer = realClock.setTimer(timeoutMs, () =>
        finish(
          new Error(
            `Waited ${timeoutMs} ms over ${backendOf.name} for: ${what}${describe ? `\n${JSON.stringify(describe(), null, 2)}` : ''}`,
          ),
        ),
      );
      listeners.add(check);
      check();
    });

  /**
   * Resolves once the real clock has passed `t` (ms): for a scenario that needs time to pass —
   * an agent idle strictly longer than another, a contact strictly older — which on the memory hub
   * was `clock.advance`. A timer for exactly the gap (a millisecond or two), not a sleep for a guess.
   */
  const after = (t: number): Promise<void> =>
    realClock.now() > t ? Promise.resolve() : new Promise((resolve) => realClock.setTimer(t + 1 - realClock.now(), () => resolve()));

  /** Every live centre sees every other live centre online (presence applied, with its mode). */
  const allOnline = () => live().every((c) => live().every((other) => other === c || centre(c).replicas.isOnline(other)));
  await until(allOnline, 'every centre sees every other online');

  /**
   * A crash: the centre's connection is destroyed without a clean close, so the broker publishes
   * its will; the process is gone, so nothing of it runs on (its centre is stopped, and what it
   * does from now on is not news).
   */
  const crash = async (id: string) => {
    crashed.add(id);
    watching.get(id)?.unsubscribe();
    await backend.crash(id);
    await centre(id).stop();
  };

  /** Contacts that arrived anywhere, in order: the ones the invariants are about. */
  const arrived: string[] = [];
  /** A contact arrives at `at` (voice, billing unless told otherwise). */
  const arrive = (at: string, id: string, skillset = 'billing') => {
    const contact = centre(at).contacts.arrive({ id, media: 'voice', skillset });
    arrived.push(contact.id);
    return contact;
  };

  /** Stops every live centre and closes the backend; rethrows the first failed watch. */
  const stop = async () => {
    await close();
    if (violation !== undefined) throw violation;
  };

  return { name: backendOf.name, network, log, centres, centre, live, owners, arrived, arrive, until, after, watch, crash, stop };
}

export type RealNet = Awaited<ReturnType<typeof realNetworkOf>>;

/** Logs an agent in and makes them ready (billing skill 5 unless told otherwise). */
export function staff(net: RealNet, centre: string, id: string, skills: Readonly<Record<string, number>> = { billing: 5 }): void {
  net.centre(centre).agents.login(id, { displayName: id, skills });
  net.centre(centre).agents.ready(id);
}

/**
 * DESIGN.md §8 invariant 5, as a condition to wait for once the network is quiet: every live
 * centre's replica of every agent is at its owner's rev, and its replica of every live contact
 * names the owner at the owner's rev.
 */
export function replicasEqualOwners(net: RealNet, contacts: readonly string[] = net.arrived): boolean {
  for (const [, agent] of agentActors(net)) {
    const { home, id, rev } = agent.context;
    for (const c of net.live()) if (net.centre(c).replicas.agent(home, id)?.rev !== rev) return false;
  }
  for (const contact of contacts) {
    for (const owner of net.owners(contact)) {
      const copy = contactAt(net, owner, contact);
      if (copy === undefined || copy.value === 'handingOver') continue;
      for (const c of net.live()) {
        const replica = net.centre(c).replicas.contact(contact);
        if (replica?.owner !== owner || replica.rev !== copy.context.rev) return false;
      }
    }
  }
  return true;
}

/** What `replicasEqualOwners` compares, for a failure message. */
export const replicaReport = (net: RealNet, contacts: readonly string[] = net.arrived) => ({
  agents: agentActors(net).map(([address, a]) => ({
    address,
    rev: a.context.rev,
    replicas: Object.fromEntries(net.live().map((c) => [c, net.centre(c).replicas.agent(a.context.home, a.context.id)?.rev])),
  })),
  contacts: contacts.map((contact) => ({
    contact,
    copies: Object.fromEntries(
      net.owners(contact).map((o) => [o, [contactAt(net, o, contact)?.value, contactAt(net, o, contact)?.context.rev]]),
    ),
    replicas: Object.fromEntries(
      net.live().map((c) => {
        const replica = net.centre(c).replicas.contact(contact);
        return [c, replica === undefined ? null : [replica.owner, replica.rev]];
      }),
    ),
  })),
});
