import { centreOf } from './address.js';
import { type Channel, topicChannel } from './channels.js';

/** What {@link senderMismatch} reads of a decoded message. */
export interface Sent {
  readonly type: string;
  readonly from: string;
  readonly body: unknown;
}

/** The furthest ahead of the receiver's clock a sender's incarnation may be (clock skew between machines). */
export const maxIncarnationLeadMs = 86_400_000;

const field = (body: unknown, name: string): unknown =>
  typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;

/**
 * Identity comes from the channel, never from the body (DESIGN.md §7, invariant 9): on a topic
 * that names its publisher ({@link topicChannel}: `presence/{centre}`, `node-presence/{node}`,
 * `replica/{owner}/…`, `auction/{owner}/…`, `auction/{owner}/{contact}/bids/{bidder}` and
 * `inbox/{to}/from/{from}` under `cm/{network}/`) the envelope's sender and every owner, home,
 * centre or bidder the body names must be that publisher — on the inbox, the contact a
 * `handover.request` hands over must be the sender's own — and a presence's incarnation may not run
 * further ahead of the receiver's clock than {@link maxIncarnationLeadMs}. A broker ACL pins who
 * may publish on each topic; this check makes the body agree with it. Returns why the message is
 * refused, or `undefined` when it may pass (other topics carry no identity to check against).
 *
 * @example
 * ```ts
 * senderMismatch('cm/acme/presence/evil', { type: 'presence', from: 'evil/runtime/main', body: { centre: 'c' } }, clock.now());
 * // 'presence on cm/acme/presence/evil names centre c'
 * ```
 */
export function senderMismatch(topic: string, message: Sent, now: number): string | undefined {
  const where = topicChannel(topic);
  const publisher = where?.publisher;
  if (where === undefined || publisher === undefined) return undefined;
  const sender = centreOf(message.from);
  if (sender !== publisher) return `${message.type} on ${topic} comes from ${message.from}, not from ${publisher}`;
  const claims: readonly (readonly [string, unknown])[] = claimsOf(where.channel, message);
  for (const [name, claimed] of claims) {
    if (claimed !== undefined && claimed !== publisher) return `${message.type} on ${topic} names ${name} ${String(claimed)}`;
  }
  const incarnation = field(message.body, 'incarnation');
  if (where.channel === 'presence' && typeof incarnation === 'number' && incarnation > now + maxIncarnationLeadMs) {
    return `presence on ${topic} claims incarnation ${incarnation}, more than a day ahead of this clock`;
  }
  return undefined;
}

/** The owners a message's body names, by the name of their field, for its channel. */
function claimsOf(channel: Channel, message: Sent): readonly (readonly [string, unknown])[] {
  const { body } = message;
  switch (channel) {
    case 'presence':
    case 'node-presence':
      return [['centre', field(body, 'centre')]];
    case 'replica':
      return message.type === 'agent.snapshot' ? [['home', field(body, 'home')]] : [['owner', field(body, 'owner')]];
    case 'bids':
      // A modified entity carries its bid inside.
      return [['bidder', message.type === 'auction.entityBid' ? field(field(body, 'bid'), 'bidder') : field(body, 'bidder')]];
    case 'auction':
      return [['owner', field(body, 'owner')]];
    case 'inbox':
      // Only the owner of a contact hands it over: the snapshot it sends must be its own.
      return message.type === 'handover.request' ? [['contact owner', field(field(body, 'contact'), 'owner')]] : [];
    case 'status':
      return [];
  }
}
