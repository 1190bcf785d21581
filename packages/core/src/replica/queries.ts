import { ErrorCode } from '../errors/codes.js';
import { ContactmeshError, preview } from '../errors/contactmesh-error.js';
import type { AgentSnapshot, AgentState, ContactSnapshot, ContactState } from '../protocol/messages/snapshots.js';

/** Which agents `ReplicaStore.agents()` returns; every field given must hold. */
export interface AgentQuery {
  /** Agents whose home is this centre. */
  readonly centre?: string;
  /** Agents in this state, or in any of these. Naming `loggedOut` here includes logged-out agents. */
  readonly state?: AgentState | readonly AgentState[];
  /** Agents that have this skill… */
  readonly skill?: string;
  /** …at this proficiency or higher (needs `skill`). */
  readonly minProficiency?: number;
  /** Include agents of centres whose presence says offline. Default false. */
  readonly includeOffline?: boolean;
  /** Include logged-out agents even when `state` does not name `loggedOut`. Default false. */
  readonly includeLoggedOut?: boolean;
}

/** Which contacts `ReplicaStore.contacts()` returns; every field given must hold. */
export interface ContactQuery {
  /** Contacts this centre owns now. */
  readonly owner?: string;
  /** Contacts in this state, or in any of these. */
  readonly state?: ContactState | readonly ContactState[];
  /** Contacts waiting for (or handled in) this skillset. */
  readonly skillset?: string;
}

/** A query's `state` as a list without repeats (so no record is returned twice), or undefined when it has none. */
export const stateList = <S extends string>(state: S | readonly S[] | undefined): readonly S[] | undefined =>
  state === undefined ? undefined : typeof state === 'string' ? [state as S] : [...new Set(state as readonly S[])];

/** Throws `CM_ERR_INVALID_OPTION` for a query that cannot mean anything. */
export function checkAgentQuery(query: AgentQuery): void {
  if (query.minProficiency !== undefined && query.skill === undefined) {
    throw new ContactmeshError(
      ErrorCode.INVALID_OPTION,
      `Query minProficiency ${preview(query.minProficiency)} needs a skill; use agents({ skill: 'billing', minProficiency: ${preview(query.minProficiency)} }).`,
      { path: 'minProficiency', value: query.minProficiency },
    );
  }
}

/** Whether `agent` passes the query's filters other than presence (which the store knows). */
export function agentMatches(agent: AgentSnapshot, query: AgentQuery, states: readonly AgentState[] | undefined): boolean {
  if (query.centre !== undefined && agent.home !== query.centre) return false;
  if (states !== undefined && !states.includes(agent.state)) return false;
  if (agent.state === 'loggedOut' && query.includeLoggedOut !== true && states === undefined) return false;
  if (query.skill !== undefined) {
    // Own number properties only: a skill named like an Object.prototype member is still just a name.
    const proficiency: unknown = Object.hasOwn(agent.skills, query.skill) ? agent.skills[query.skill] : undefined;
    if (typeof proficiency !== 'number' || proficiency < (query.minProficiency ?? 0)) return false;
  }
  return true;
}

export function contactMatches(contact: ContactSnapshot, query: ContactQuery, states: readonly ContactState[] | undefined): boolean {
  if (query.owner !== undefined && contact.owner !== query.owner) return false;
  if (states !== undefined && !states.includes(contact.state)) return false;
  return query.skillset === undefined || contact.skillset === query.skillset;
}
