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
 * that names its publisher — `presence/{centre}`, `replica/{owner}/…`, `auction/{owner}/…` and
 * `auction/{owner}/{contact}/bids/{bidder}` under `cm/{network}/` — the envelope's sender and
 * every owner, home, centre or bidder the body names must be that publisher, and a presence's
 * incarnation may not run further ahead of the receiver's clock than {@link maxIncarnationLeadMs}.
 * A broker ACL pins who may publish on each topic; this check makes the body agree with it.
 * Returns why the message is refused, or `undefined` when it may pass (other topics carry no
 * identity to check against).
 *
 * @example
 * ```ts
 * senderMismatch('cm/acme/presence/evil', { type: 'presence', from: 'evil/runtime/main', body: { centre: 'c' } }, Date.now());
 * // 'presence on cm/acme/presence/evil names centre c'
 * ```
 */
export function senderMismatch(topic: string, message: Sent, now: number): string | undefined {
  const parts = topic.split('/');
  if (parts[0] !== 'cm' || parts.length < 4) return undefined;
  const kind = parts[2];
  const publisher = kind === 'auction' && parts[5] === 'bids' ? parts[6] : parts[3];
  if (publisher === undefined || (kind !== 'presence' && kind !== 'replica' && kind !== 'auction')) return undefined;
  const sender = centreOf(message.from);
  if (sender !== publisher) return `${message.type} on ${topic} comes from ${message.from}, not from ${publisher}`;
  const claims: readonly string[] =
    kind === 'presence'
      ? ['centre']
      : kind === 'replica'
        ? message.type === 'agent.snapshot'
          ? ['home']
          : ['owner']
        : publisher === parts[3]
          ? ['owner']
          : ['bidder'];
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
