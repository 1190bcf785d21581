/**
 * The kinds of topic a message travels on (docs/protocol.md#topics): a centre's presence, an agent's
 * computer's presence, replicas, auctions' entities, bids next to an entity, point-to-point inbox
 * messages and customers' status pages.
 */
export type Channel = 'presence' | 'node-presence' | 'replica' | 'auction' | 'bids' | 'inbox' | 'status';

/** Where a topic of the layout leads: its channel and, except on status pages, the one participant who may publish on it. */
export interface TopicChannel {
  readonly channel: Channel;
  /** The participant the topic names as its publisher; status pages name none (a contact moves between centres). */
  readonly publisher?: string;
}

/**
 * Reads an absolute topic `cm/{network}/…` as the layout defines it: `presence/{centre}`,
 * `node-presence/{node}`, `replica/{owner}/{agent|contact}/{id}`, `auction/{owner}/{contact}`,
 * `auction/{owner}/{contact}/bids/{bidder}`, `inbox/{to}/from/{from}` and `status/{tokenHash}`.
 * Any other topic is not the layout's: `undefined`.
 *
 * @example
 * ```ts
 * topicChannel('cm/acme/inbox/london/from/paris'); // { channel: 'inbox', publisher: 'paris' }
 * topicChannel('cm/acme/status/9f86…'); // { channel: 'status' }
 * ```
 */
export function topicChannel(topic: string): TopicChannel | undefined {
  const parts = topic.split('/');
  if (parts[0] !== 'cm') return undefined;
  const level = (i: number): string => parts[i] ?? '';
  const kind = level(2);
  switch (parts.length) {
    case 4:
      if (kind === 'presence' || kind === 'node-presence') return { channel: kind, publisher: level(3) };
      return kind === 'status' ? { channel: 'status' } : undefined;
    case 5:
      return kind === 'auction' ? { channel: 'auction', publisher: level(3) } : undefined;
    case 6:
      if (kind === 'replica' && (level(4) === 'agent' || level(4) === 'contact')) return { channel: 'replica', publisher: level(3) };
      return kind === 'inbox' && level(4) === 'from' ? { channel: 'inbox', publisher: level(5) } : undefined;
    case 7:
      return kind === 'auction' && level(5) === 'bids' ? { channel: 'bids', publisher: level(6) } : undefined;
    default:
      return undefined;
  }
}
