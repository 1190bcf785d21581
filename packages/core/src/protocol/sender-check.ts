import { centreOf } from './address.js';

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
 * that names its publisher — `presence/{centre}`, `replica/{owner}/…`, `auction/{owner}/…`,
 * `auction/{owner}/{contact}/bids/{bidder}` and `inbox/{to}/from/{from}` under `cm/{network}/` — the envelope's sender and
 * every owner, home, centre or bidder the body names must be that publisher, and a presence's
 * incarnation may not run further ahead of the receiver's clock than {@link maxIncarnationLeadMs}.
 * A broker ACL pins who may publish on each topic; this check makes the body agree with it.
 * Returns why the message is refused, or `undefined` when it may pass (other topics carry no
 * identity to check against).
 *
 * @example
 * ```ts
 * senderMismatch('cm/acme/presence/evil', { type: 'presence', from: 'evil/runtime/main', body: { centre: 'c' } }, clock.now());
 * // 'presence on cm/acme/presence/evil names centre c'
 * ```
 */
export function senderMismatch(topic: string, message: Sent, now: number): string | undefined {
  const parts = topic.split('/');
  const kind = parts[2];
  // Only the protocol's own topic shapes name a publisher; any other topic carries no identity.
  const publisher =
    kind === 'presence' && parts.length === 4
      ? parts[3]
      : kind === 'replica' && parts.length === 6 && (parts[4] === 'agent' || parts[4] === 'contact')
        ? parts[3]
        : kind === 'auction' && parts.length === 5
          ? parts[3]
          : kind === 'auction' && parts.length === 7 && parts[5] === 'bids'
            ? parts[6]
            : kind === 'inbox' && parts.length === 6 && parts[4] === 'from'
              ? parts[5]
              : undefined;
  if (parts[0] !== 'cm' || publisher === undefined) return undefined;
  const sender = centreOf(message.from);
  if (sender !== publisher) return `${message.type} on ${topic} comes from ${message.from}, not from ${publisher}`;
  // An inbox message names no owner in its body: its sender is all there is to check.
  if (kind === 'inbox') return undefined;
  const claims: readonly string[] =
    kind === 'presence'
      ? ['centre']
      : kind === 'replica'
        ? message.type === 'agent.snapshot'
          ? ['home']
          : ['owner']
        : parts.length === 7
          ? ['bidder']
          : ['owner'];
  for (const name of claims) {
    const claimed = field(message.body, name);
    if (claimed !== undefined && claimed !== publisher) return `${message.type} on ${topic} names ${name} ${String(claimed)}`;
  }
  const incarnation = field(message.body, 'incarnation');
  if (kind === 'presence' && typeof incarnation === 'number' && incarnation > now + maxIncarnationLeadMs) {
    return `presence on ${topic} claims incarnation ${incarnation}, more than a day ahead of this clock`;
  }
  return undefined;
}
