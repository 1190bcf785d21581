import type * as t from 'io-ts';
import { oneOf } from './codecs.js';

/**
 * What a participant of a network is, for access control (docs/security.md): a `centre`; a
 * status-page `gateway`; an `agent`'s own computer bidding through its home centre.
 */
export const ParticipantRole = oneOf(['centre', 'gateway', 'agent']);
export type ParticipantRole = t.TypeOf<typeof ParticipantRole>;

/**
 * A role as a message names it: `a centre`, `a gateway`, `an agent's computer`.
 *
 * @example
 * ```ts
 * roleName('agent'); // "an agent's computer"
 * ```
 */
export const roleName = (role: ParticipantRole): string => roleNames[role];

const roleNames: Readonly<Record<ParticipantRole, string>> = { centre: 'a centre', gateway: 'a gateway', agent: "an agent's computer" };

/** What a participant may publish (`write`) and subscribe to (`read`): topic filters relative to `cm/{network}/`. */
export interface TopicGrants {
  readonly write: readonly string[];
  readonly read: readonly string[];
}

/**
 * The topic layout as grants: every topic names its one publisher, so a participant writes only
 * under its own id — a centre its presence, replicas, auctions, bids and inbox messages (and any
 * status page: a contact moves between centres); a gateway and an agent's computer only inbox
 * messages from themselves (an agent's home centre is not in the layout, so any centre's inbox)
 * and, for the agent, its own presence as a will on `node-presence/{id}` — never on `presence/…`,
 * which is how receivers without a `peers` list tell a centre. Reads: a centre the network's shared state, a
 * gateway the status pages, an agent the open auctions; each its own inbox. A broker's ACLs
 * (`contactmesh acl`) and the relay's identity binding enforce these.
 *
 * @example
 * ```ts
 * topicGrants('gateway', 'gateway-1');
 * // { write: ['inbox/+/from/gateway-1'], read: ['status/#', 'inbox/gateway-1/#'] }
 * ```
 */
export function topicGrants(role: ParticipantRole, id: string): TopicGrants {
  const inbox = { write: `inbox/+/from/${id}`, read: `inbox/${id}/#` };
  switch (role) {
    case 'centre':
      return {
        write: [
          `presence/${id}`,
          `replica/${id}/agent/+`,
          `replica/${id}/contact/+`,
          `auction/${id}/+`,
          `auction/+/+/bids/${id}`,
          inbox.write,
          'status/+',
        ],
        read: ['presence/+', 'replica/#', 'auction/#', inbox.read],
      };
    case 'gateway':
      return { write: [inbox.write], read: ['status/#', inbox.read] };
    case 'agent':
      return { write: [inbox.write, `node-presence/${id}`], read: ['auction/#', inbox.read] };
  }
}

/**
 * True when every topic `filter` can match is matched by `grant` (both valid filters): the test
 * for a subscription against a read grant, which `topicMatches` is not (to it, the level `#` of a
 * filter is one more level that `+` matches).
 *
 * @example
 * ```ts
 * filterWithin('cm/+/replica/#', 'cm/acme/replica/london/agent/+'); // true
 * filterWithin('cm/+/presence/+', 'cm/acme/presence/#'); // false: it reaches presence/a/b
 * ```
 */
export function filterWithin(grant: string, filter: string): boolean {
  const g = grant.split('/');
  const f = filter.split('/');
  for (let i = 0; i < g.length; i++) {
    const level = g[i];
    if (level === '#') return true;
    const asked = f[i];
    // A shorter filter, or `#` against a narrower grant, reaches topics the grant does not.
    if (asked === undefined || asked === '#') return false;
    if (level !== '+' && asked !== level) return false;
  }
  return f.length === g.length;
}
