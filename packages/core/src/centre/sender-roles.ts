import { type Channel, topicChannel } from '../protocol/channels.js';
import { roleRefusal } from '../protocol/message-senders.js';
import { AuctionBidRequestBody } from '../protocol/messages/auction.js';
import { CommandRequestBody } from '../protocol/messages/customer-command.js';
import { ReserveRequestBody } from '../protocol/messages/reservation.js';
import { type ParticipantRole, roleName } from '../protocol/participant-roles.js';
import type { Envelope } from '../protocol/registry.js';
import type { ReplicaStore } from '../replica/replica-store.js';
import type { Runtime } from '../runtime/runtime.js';
import type { CentreOptions } from './centre.js';
import type { CentreState } from './centre-state.js';
import { speaksForByName } from './speaks-for.js';

/** What {@link senderRoles} needs from its centre. */
export interface SenderRolesOptions {
  /** This centre's id. */
  readonly centre: string;
  /** `createCentre({ peers })`: when given, the only other participants that are centres. */
  readonly peers?: readonly string[] | undefined;
  /** The network as this centre sees it: without `peers`, a centre is a participant whose presence it has seen. */
  readonly replicas: ReplicaStore;
  /** The agents this centre hosts now, by id. */
  readonly agents: () => readonly string[];
  /** Whether the agent's computer `node` speaks for agent `agent` of this centre (the bidding policy's `acceptRequest`). */
  readonly speaksFor: (node: string, agent: string) => boolean;
  /** The token hash of contact `contact`, if this centre holds it. */
  readonly tokenHashOf: (contact: string) => string | undefined;
}

/**
 * How a centre tells who sent a message, and holds each sender to its role (docs/security.md):
 * a **centre** is one of `peers` when they are pinned, and otherwise a participant whose presence
 * this centre has seen on `presence/{id}` (a broker ACL keeps everyone but centres off that topic
 * space); an **agent's computer** is a participant that speaks for one of this centre's own
 * agents, or is named `{home}-{agent}` after an agent of another centre; anyone else is a
 * **gateway**. The message's type must be one its sender's role may send on its channel
 * (`messageSenders`); another centre reserves an agent here only from the contact it is for, one
 * the network does not know as a third centre's; an agent's computer asks only this centre's
 * bidder to bid, only for its own agent; a gateway's customer command must carry the token hash of
 * the contact it is addressed to. `admit` is the runtime's hook (`RuntimeOptions.admit`).
 *
 * Without `peers`, retained state (presence, replicas, auctions' entities) is judged by its type
 * alone: it arrives on subscribing, in any order, before the presences that would tell who is a
 * centre — the broker ACL is what keeps non-centres off those topics.
 *
 * @example
 * ```ts
 * const roles = senderRoles({ centre: 'b', peers: ['a', 'c'], replicas, agents, speaksFor, tokenHashOf });
 * roles.admit('cm/acme/inbox/b/from/evil', forgedReserveRequest);
 * // 'reserve.request is sent by a centre only, not by a gateway (evil is a gateway to b)'
 * ```
 */
export function senderRoles(options: SenderRolesOptions) {
  const { centre, peers, replicas } = options;
  const pinned = peers === undefined ? undefined : new Set([centre, ...peers]);

  const isCentre = (id: string, channel: Channel): boolean => {
    if (id === centre) return true;
    if (pinned !== undefined) return pinned.has(id);
    if (channel === 'presence' || channel === 'replica' || channel === 'auction') return true;
    const known = replicas.centre(id);
    return known !== undefined && known.status !== 'unknown';
  };

  /** What `id` is to this centre, for a message on `channel`. */
  const roleOf = (id: string, channel: Channel): ParticipantRole => {
    if (isCentre(id, channel)) return 'centre';
    if (options.agents().some((agent) => options.speaksFor(id, agent))) return 'agent';
    // Another centre's agent's computer, by its name `{home}-{agent}`, is no gateway here either.
    const elsewhere = replicas
      .centres()
      .some(
        ({ centre: home }) =>
          id.startsWith(`${home}-`) && isCentre(home, 'inbox') && replicas.agent(home, id.slice(home.length + 1)) !== undefined,
      );
    return elsewhere ? 'agent' : 'gateway';
  };

  /** What a sender of its role may not do even with a type it may send. */
  const beyondRole = (role: ParticipantRole, sender: string, message: Envelope): string | undefined => {
    if (role === 'centre' && message.type === 'reserve.request' && sender !== centre) {
      // Another centre reserves an agent here only for a contact of its own, from that contact:
      // a bidder reserves its own centre's agents only, and never through the network.
      const contact = ReserveRequestBody.is(message.body) ? message.body.contact : '';
      if (message.from !== `${sender}/contact/${contact}`)
        return `a reservation comes from the contact it is for, not from ${message.from}`;
      const owner = replicas.contact(contact)?.owner;
      if (owner !== undefined && owner !== sender) return `the network knows contact ${contact} as ${owner}'s, not ${sender}'s`;
    }
    if (role === 'agent' && message.type === 'auction.bidRequest') {
      if (message.to !== `${centre}/bidder/main`) return `an agent's computer asks only ${centre}/bidder/main to bid`;
      const agent = AuctionBidRequestBody.is(message.body) ? message.body.agent : '';
      if (!options.agents().includes(agent) || !options.speaksFor(sender, agent))
        return `${sender} does not speak for agent ${agent} of ${centre}: an agent bids only for itself, through its home centre`;
    }
    if (role === 'gateway' && message.type === 'command.request') {
      const contact = message.to?.startsWith(`${centre}/contact/`) === true ? message.to.slice(`${centre}/contact/`.length) : undefined;
      const hash = CommandRequestBody.is(message.body) ? message.body.tokenHash : undefined;
      if (contact === undefined || hash === undefined || options.tokenHashOf(contact) !== hash)
        return `a customer command must carry the status token of the contact it is sent to (${message.to ?? 'no address'})`;
    }
    return undefined;
  };

  return {
    roleOf,
    /** Why this centre refuses `message` on `topic` from its sender's role, or `undefined` to let it in. */
    admit(topic: string, message: Envelope): string | undefined {
      const where = topicChannel(topic);
      if (where?.publisher === undefined) return undefined;
      const role = roleOf(where.publisher, where.channel);
      const refused = roleRefusal(where.channel, role, message.type) ?? beyondRole(role, where.publisher, message);
      return refused === undefined ? undefined : `${refused} (${where.publisher} is ${roleName(role)} to ${centre})`;
    },
  };
}

/**
 * {@link senderRoles} for a centre made by `createCentre`: its `peers`, its replicas, the agents it
 * hosts, its bidding policy's `acceptRequest` (or {@link speaksForByName}) and its contacts' token hashes.
 *
 * @example
 * ```ts
 * const roles = centreSenderRoles(options, runtime, network.replicas, state);
 * ```
 */
export function centreSenderRoles(
  options: Pick<CentreOptions, 'id' | 'peers' | 'bidding'>,
  runtime: Pick<Runtime, 'addresses'>,
  replicas: ReplicaStore,
  state: Pick<CentreState, 'tokenHashOf'>,
) {
  const accept = options.bidding === false ? undefined : options.bidding?.acceptRequest;
  const agentPrefix = `${options.id}/agent/`;
  return senderRoles({
    centre: options.id,
    peers: options.peers,
    replicas,
    agents: () => runtime.addresses().flatMap((a) => (a.startsWith(agentPrefix) ? [a.slice(agentPrefix.length)] : [])),
    speaksFor: accept === undefined ? speaksForByName(options.id) : (node, agent) => accept({ node, agent }),
    tokenHashOf: state.tokenHashOf,
  });
}
