import { address } from './address.js';

/**
 * The topic layout of a network (documented in docs/protocol.md). Machines publish to topics
 * relative to the network (e.g. `replica/london/agent/a1`); the runtime puts them under
 * `cm/{network}/`.
 *
 * @example
 * ```ts
 * const topics = networkTopics('demo');
 * topics.inbox('london', 'paris'); // 'cm/demo/inbox/london/from/paris'
 * ```
 */
export function networkTopics(network: string) {
  const root = `cm/${network}`;
  return {
    root,
    /** Where relative topics go: `cm/{network}/{relative}`. */
    absolute: (relative: string) => `${root}/${relative}`,
    /**
     * Messages to any actor of `to` from any actor of `from`: the writer's id is in the topic, so
     * a broker ACL can pin it (`inbox/+/from/%u`) and the receiver checks the envelope against it.
     */
    inbox: (to: string, from: string) => `${root}/inbox/${to}/from/${from}`,
    /** Everything addressed to `centre`, whoever wrote it. */
    inboxOf: (centre: string) => `${root}/inbox/${centre}/from/+`,
    /** A centre's retained presence; its will clears it to offline. */
    presence: (centre: string) => `${root}/presence/${centre}`,
    /**
     * An agent's own computer's presence (its will, if it leaves one): a topic space of its own, so
     * that a broker ACL can let it write here and never on `presence/…`, where centres announce
     * themselves — no agent's computer can pass for a centre.
     */
    nodePresence: (node: string) => `${root}/node-presence/${node}`,
    /** Every centre's presence. */
    allPresence: () => `${root}/presence/+`,
    /** A retained snapshot of one replicated object. */
    replica: (owner: string, kind: 'agent' | 'contact', id: string) => `${root}/replica/${address(owner, kind, id)}`,
    /** Every replicated object of the network. */
    allReplicas: () => `${root}/replica/#`,
    /** A contact information entity (an open auction), retained while the auction is open. */
    auction: (owner: string, contactId: string) => `${root}/auction/${owner}/${contactId}`,
    /** Bids written into the shared space next to an entity, one topic per bidder. */
    auctionBids: (owner: string, contactId: string) => `${root}/auction/${owner}/${contactId}/bids/+`,
    /** Status updates for the contact whose token hashes to `tokenHash`. */
    status: (tokenHash: string) => `${root}/status/${tokenHash}`,
  } as const;
}

export type NetworkTopics = ReturnType<typeof networkTopics>;
