import type { IncomingMessage } from 'node:http';
import type { Transport, VirtualClock } from '@contactmesh/core';
import type { ParticipantRole } from '@contactmesh/core/protocol';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { createMqttTransport, startEmbeddedBroker } from '@contactmesh/transports/mqtt';
import { createRelay, createWebSocketTransport, type RelayIdentity } from '@contactmesh/transports/websocket';
import { generatedAcl as aclFile, startAclMosquitto } from '../support/acl-mosquitto.js';

// What the forgery world (forgery-world.ts) runs on, one per backend, each started afresh for
// every world (a Mosquitto of its own too: no retained replica of an earlier world is left):
// - the memory hub: everything goes through, at once; the centres pin their peers (a, b, f);
// - the relay: it binds each connection to its identity and role, and refuses (and counts) what
//   that role may not publish; the centres do not pin their peers;
// - aedes, the embedded MQTT broker: no ACL, every publication goes through, so the receivers'
//   checks alone must stop every forgery (defence in depth); the centres pin their peers;
// - Mosquitto with the ACL `contactmesh acl` generates and a password per participant: the broker
//   refuses what a participant may not publish, with MQTT 5 reason code 135, which the forger's
//   transport reports as a `CM_ERR_NOT_AUTHORIZED` rejection of its publish. Such a forgery never
//   arrives; it is counted as stopped at the door where it was stopped — at the broker, from that
//   rejection — as the relay's refusals are counted by the relay. The centres do not pin their
//   peers: the ACL binds each topic to its publisher, as the relay does.

export type Backend =
  | 'memory hub (peers pinned)'
  | 'relay (identities bound)'
  | 'aedes (no ACL, peers pinned)'
  | 'Mosquitto (generated ACL)';

/** The forgers, by role. */
export const forgers: Readonly<Record<ParticipantRole, string>> = { centre: 'f', gateway: 'gw', agent: 'b-b1' };

const identities: Readonly<Record<string, ParticipantRole>> = { a: 'centre', b: 'centre', f: 'centre', gw: 'gateway', 'b-b1': 'agent' };

/** A backend, started. */
export interface Network {
  /** A transport for participant `id` (not yet connected). */
  connect(id: string): Transport;
  /** The centres' `peers`, where they pin them. */
  readonly peers: readonly string[] | undefined;
  /** False on the memory hub, where a publication is delivered at once; true over the wire. */
  readonly wire: boolean;
  /** Notes a forgery's publish rejected by the forger's transport; counts it when the broker refused it. */
  rejected(error: unknown): void;
  /** Forgeries refused on the way so far: by the relay, or by Mosquitto's ACL. */
  refusedOnTheWay(): number;
  close(): Promise<void>;
}

/** Whether the broker (or relay) refused a publication as not authorized. */
export const notAuthorized = (error: unknown) => (error as { code?: unknown } | undefined)?.code === 'CM_ERR_NOT_AUTHORIZED';

/** Starts `backend` for one world. */
export async function openNetwork(backend: Backend, clock: VirtualClock): Promise<Network> {
  const pinned = ['a', 'b', 'f'];
  const none = { rejected: () => undefined, refusedOnTheWay: () => 0 };
  switch (backend) {
    case 'memory hub (peers pinned)': {
      const hub = createMemoryHub({ clock, seed: 1 });
      return { ...none, connect: (id) => hub.transport(id), peers: pinned, wire: false, close: async () => undefined };
    }
    case 'relay (identities bound)': {
      const relay = await createRelay({ port: 0, authenticate: bound });
      return {
        connect: (id) =>
          createWebSocketTransport({ url: relay.url ?? '', id, reconnect: false, headers: { authorization: `Bearer ${id}` } }),
        peers: undefined,
        wire: true,
        rejected: () => undefined,
        refusedOnTheWay: () => relay.stats().notAuthorized,
        close: () => relay.close(),
      };
    }
    case 'aedes (no ACL, peers pinned)': {
      const broker = await startEmbeddedBroker();
      return {
        ...none,
        // aedes speaks MQTT 3.1.1: ask for it at once rather than fall back from 5.
        connect: (id) => createMqttTransport({ participantId: id, url: broker.url, protocolVersion: 4, connectTimeoutMs: 5_000 }),
        peers: pinned,
        wire: true,
        close: () => broker.close(),
      };
    }
    case 'Mosquitto (generated ACL)': {
      const broker = await startAclMosquitto(Object.keys(identities), await generatedAcl());
      let refused = 0;
      return {
        connect: (id) =>
          createMqttTransport({ participantId: id, url: broker.url, username: id, password: `secret-${id}`, connectTimeoutMs: 5_000 }),
        peers: undefined,
        wire: true,
        rejected: (error) => {
          if (notAuthorized(error)) refused += 1;
        },
        refusedOnTheWay: () => refused,
        close: () => broker.stop(),
      };
    }
  }
}

let acl: Promise<string> | undefined;
/** The world's ACL, as `contactmesh acl` prints it: centres a, b and f, gateway gw, and b's agent's computer b-b1. */
function generatedAcl(): Promise<string> {
  acl ??= aclFile({ network: 'acme', centres: ['a', 'b', 'f'], gateways: ['gw'], agents: ['b-b1:b'] });
  return acl;
}

/** The relay's `authenticate`: the bearer token is the participant id, bound to its role. */
function bound(request: IncomingMessage): RelayIdentity | false {
  const id = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
  const role = identities[id];
  return role === undefined ? false : { identity: id, role };
}
