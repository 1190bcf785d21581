import { type AgentSnapshot, type ContactSnapshot, goneStates, type TombstoneBody } from '../protocol/messages/snapshots.js';
import type { AgentRecords } from './agent-records.js';
import type { ContactRecords } from './contact-records.js';
import { compactAgent } from './interner.js';
import type { ReplicaChange } from './replica-change.js';
import type { Tombstone, Tombstones } from './tombstones.js';

/** What the single-writer rules read and change: the records and the tombstones. */
export interface Replicas {
  readonly agents: AgentRecords;
  readonly contacts: ContactRecords;
  readonly tombstones: Tombstones;
}

/**
 * The outcome of one message: undefined when it was not newer (nothing changed); otherwise the
 * record change to report, absent when only a tombstone changed.
 */
export type Applied = { readonly change?: ReplicaChange } | undefined;

// A record and a tombstone never exist for the same key (applying one removes the other), so the
// tombstone needs looking at only when no record is held.
function newer(replicas: Replicas, kind: Tombstone['kind'], key: string, held: { readonly rev: number } | undefined, rev: number): boolean {
  if (held !== undefined) return rev > held.rev;
  const tombstone = replicas.tombstones.get(kind, key);
  return tombstone === undefined || rev > tombstone.rev;
}

/**
 * A copy that gave way to another centre's (it was `forwarded` there) may publish its last rev
 * equal to the winner's: the winner's live snapshot at that rev still stands.
 */
function takesOver(replicas: Replicas, key: string, held: ContactSnapshot | undefined, contact: ContactSnapshot): boolean {
  if (held !== undefined || goneStates.has(contact.state)) return false;
  const tombstone = replicas.tombstones.get('contact', key);
  return tombstone?.state === 'forwarded' && tombstone.owner !== contact.owner && tombstone.rev === contact.rev;
}

/** An agent snapshot is applied when newer than the record and any tombstone of `{home}/{id}`. */
export function applyAgent(replicas: Replicas, snapshot: AgentSnapshot): Applied {
  const key = `${snapshot.home}/${snapshot.id}`;
  const before = replicas.agents.get(key);
  if (!newer(replicas, 'agent', key, before, snapshot.rev)) return undefined;
  if (before === undefined) replicas.tombstones.delete('agent', key);
  const agent = compactAgent(snapshot, replicas.agents.interner);
  replicas.agents.put(key, before, agent);
  return { change: { kind: 'agent', key, before, after: agent, cause: 'snapshot' } };
}

/** A contact snapshot likewise, by contact id; a terminal one removes the record and leaves a tombstone. */
export function applyContact(replicas: Replicas, contact: ContactSnapshot): Applied {
  const key = contact.id;
  const before = replicas.contacts.get(key);
  if (!newer(replicas, 'contact', key, before, contact.rev) && !takesOver(replicas, key, before, contact)) return undefined;
  if (goneStates.has(contact.state)) {
    if (before !== undefined) replicas.contacts.remove(key, before);
    replicas.tombstones.set(key, { kind: 'contact', id: key, owner: contact.owner, rev: contact.rev, state: contact.state });
    return before === undefined ? {} : { change: { kind: 'contact', key, before, after: undefined, cause: 'snapshot' } };
  }
  if (before === undefined) replicas.tombstones.delete('contact', key);
  replicas.contacts.put(key, before, contact);
  return { change: { kind: 'contact', key, before, after: contact, cause: 'snapshot' } };
}

/** A tombstone removes the record when its rev is at least the record's, and is remembered. */
export function applyTombstone(replicas: Replicas, body: TombstoneBody): Applied {
  const { kind } = body;
  const key = kind === 'agent' ? `${body.owner}/${body.id}` : body.id;
  const tombstone: Tombstone = {
    kind,
    id: body.id,
    owner: body.owner,
    rev: body.rev,
    ...(body.movedTo === undefined ? {} : { movedTo: body.movedTo }),
  };
  if (kind === 'agent') {
    const before = replicas.agents.get(key);
    if (before !== undefined) {
      if (body.rev < before.rev) return undefined;
      replicas.agents.remove(key, before);
      replicas.tombstones.set(key, tombstone);
      return { change: { kind: 'agent', key, before, after: undefined, cause: 'tombstone' } };
    }
  } else {
    const before = replicas.contacts.get(key);
    if (before !== undefined) {
      if (body.rev < before.rev) return undefined;
      replicas.contacts.remove(key, before);
      replicas.tombstones.set(key, tombstone);
      return { change: { kind: 'contact', key, before, after: undefined, cause: 'tombstone' } };
    }
  }
  const existing = replicas.tombstones.get(kind, key);
  if (existing !== undefined && body.rev < existing.rev) return undefined;
  // The same rev again only adds news when it tells where the object went.
  if (existing?.rev === body.rev && (body.movedTo === undefined || body.movedTo === existing.movedTo)) return undefined;
  replicas.tombstones.set(key, existing?.rev === body.rev ? { ...existing, ...tombstone } : tombstone);
  return {};
}
