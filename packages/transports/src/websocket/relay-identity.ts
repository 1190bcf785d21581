import { ContactmeshError, ErrorCode, preview, sharedSubscription, topicMatches } from '@contactmesh/core';
import { CentreId, closedType, filterWithin, ParticipantRole, topicGrants } from '@contactmesh/core/protocol';

/**
 * Who a connection is, as `authenticate` bound it: the participant id it must say hello with, and
 * the role that decides which topics it may publish and subscribe to (docs/security.md).
 */
export interface RelayIdentity {
  /** The participant id (a-z, 0-9, -): a centre id, a gateway's id, an agent's node id such as `london-ada`. */
  readonly identity: string;
  readonly role: ParticipantRole;
}

const IdentityCodec = closedType('RelayIdentity', { identity: CentreId, role: ParticipantRole }, {});

/** Whether a connection may come in, and bound to whom; or why not. */
export type Verdict = { readonly allowed: true; readonly identity?: RelayIdentity } | { readonly allowed: false; readonly reason: string };

/**
 * What `authenticate` said, as the relay takes it: `true` lets the connection in unbound (a trusted
 * network), an identity lets it in bound to that identity, anything else refuses it (with why).
 */
export function readVerdict(verdict: unknown): Verdict {
  if (verdict === true) return { allowed: true };
  if (verdict === false) return { allowed: false, reason: 'authenticate refused the request' };
  if (IdentityCodec.is(verdict)) return { allowed: true, identity: { identity: verdict.identity, role: verdict.role } };
  return {
    allowed: false,
    reason: `authenticate returned ${preview(verdict, 120)}: return true, false or { identity: 'a-z0-9-', role: 'centre' | 'gateway' | 'agent' }`,
  };
}

/** Why a bound connection's frame is refused: `CM_ERR_NOT_AUTHORIZED`, and the topic or filter (none for a hello under another id). */
export interface Refusal {
  readonly error: ContactmeshError;
  readonly topic?: string;
}

/**
 * The topics a bound connection may use: its role's grants ({@link topicGrants}) under `cm/+/`,
 * whatever the network. Its hello must carry its identity; publications and the will must match a
 * write grant; a subscription's filter (a shared one's inner filter) must lie inside one read
 * grant, so that it can never match a topic outside it. Each check returns the refusal, or
 * `undefined` when the frame may go on.
 *
 * @example
 * ```ts
 * const grants = new RelayGrants({ identity: 'london', role: 'centre' });
 * grants.publication('cm/acme/presence/london'); // undefined: its own
 * grants.publication('cm/acme/presence/paris')?.error.code; // 'CM_ERR_NOT_AUTHORIZED'
 * grants.subscription('cm/acme/inbox/paris/#')?.error.code; // 'CM_ERR_NOT_AUTHORIZED'
 * ```
 */
export class RelayGrants {
  readonly #write: readonly string[];
  readonly #read: readonly string[];

  constructor(readonly identity: RelayIdentity) {
    const grants = topicGrants(identity.role, identity.identity);
    this.#write = grants.write.map((g) => `cm/+/${g}`);
    this.#read = grants.read.map((g) => `cm/+/${g}`);
  }

  /** A hello as `id`, with a will on `willTopic` (a valid topic) if it gives one. */
  hello(id: string, willTopic: string | undefined): Refusal | undefined {
    const me = JSON.stringify(this.identity.identity);
    if (id !== this.identity.identity) {
      return this.#refusal(`say hello as ${JSON.stringify(id)}`, `say hello as ${me}, or present the credentials of ${JSON.stringify(id)}`);
    }
    if (willTopic === undefined || this.#mayWrite(willTopic)) return undefined;
    return this.#refusal(
      `leave a will on ${JSON.stringify(willTopic)}`,
      'give a will on a topic it may publish on, such as its own presence',
      willTopic,
    );
  }

  /** A publication on `topic` (a valid topic). */
  publication(topic: string): Refusal | undefined {
    if (this.#mayWrite(topic)) return undefined;
    return this.#refusal(`publish on ${JSON.stringify(topic)}`, 'publish only on topics that name it as their publisher', topic);
  }

  /**
   * A subscription to `filter`. A bad filter inside the grants passes here and is refused by the
   * broker's own check (`CM_ERR_INVALID_TOPIC`); one outside them is refused here.
   */
  subscription(filter: string): Refusal | undefined {
    const inner = sharedSubscription(filter)?.filter ?? filter;
    if (this.#read.some((grant) => filterWithin(grant, inner))) return undefined;
    const fix = `subscribe only within what a ${this.identity.role} reads, e.g. its own inbox "cm/{network}/inbox/${this.identity.identity}/#"`;
    return this.#refusal(`subscribe to ${JSON.stringify(filter)}`, fix, filter);
  }

  #mayWrite(topic: string): boolean {
    return this.#write.some((grant) => topicMatches(grant, topic));
  }

  #refusal(what: string, fix: string, topic?: string): Refusal {
    const { role, identity } = this.identity;
    const error = new ContactmeshError(
      ErrorCode.NOT_AUTHORIZED,
      `This connection is bound to ${role} ${JSON.stringify(identity)}, which may not ${what}; ${fix} (docs/security.md).`,
      { value: topic ?? identity },
    );
    return topic === undefined ? { error } : { error, topic };
  }
}
