import { type AgentSnapshot, type ContactSnapshot, goneStates } from '../../protocol/messages/snapshots.js';
import { agentKey } from '../../routing/agent-key.js';
import type { ContactQueue } from '../../routing/contact-queue.js';
import { isAvailable } from '../../routing/eligible.js';
import { relaxationFor } from '../../routing/relaxation.js';
import type { Step as StepOf } from '../step.js';
import { agentAddress, andThen, assign, drop, keyOf, merge, put, skipped, without } from './assign.js';
import type { Pending, RouterContext, RouterMode } from './context.js';
import { network, staffedHere } from './network-choice.js';

type Step = StepOf<RouterContext>;

/** Reasons a reservation was refused or went unanswered: the agent is skipped until it changes. */
const refusals = new Set([
  'notIdle',
  'leased',
  'unknownAgent',
  'noCapacity',
  'notEligible',
  'offline',
  'alreadyAssigned',
  'no answer',
  'handover refused',
  'handover unanswered',
]);
/** Reasons the contact, not the agent, could not take the assignment. */
const contactBusy = new Set(['busy', 'stale']);
/**
 * An agent for a waiting contact of this centre, if one is eligible now. A router chooses for its
 * own contacts only (and, in `routeAgent`, for its own agents): the other side of every choice
 * may be anywhere in the network, but each choice starts at exactly one centre.
 */
export function routeContact(context: RouterContext, contact: ContactSnapshot, now: number): Step {
  if (contact.state !== 'queued' || contact.owner !== context.centre || context.pending[contact.id] !== undefined) return {};
  const exclude = skipped(context, contact.id);
  // Refused by this many candidates in a row: wait until one of them changes, or an agent frees up.
  if (exclude.size >= context.policy.maxTries) return {};
  const options = {
    now,
    policy: context.policy.agentPolicy,
    relaxation: relaxationFor(context.policy.relaxation, contact.skillset),
    exclude,
    ...(context.lastChosen === undefined ? {} : { after: context.lastChosen }),
  };
  const mode = context.policy.queueModes[contact.skillset] ?? context.policy.mode;
  if (mode.kind === 'local') {
    const here = context.local.choose(contact, options);
    return here === undefined ? {} : assign(context, contact, here, now);
  }
  if (mode.kind !== 'overflow') return network(context, contact, options, now);
  const here = context.local.choose(contact, options);
  if (here !== undefined) return assign(context, contact, here, now);
  const overdue = mode.afterWaitMs !== undefined && now - contact.arrivedAt >= mode.afterWaitMs;
  const longWait = mode.expectedWaitMs !== undefined && context.overflowing[contact.skillset] === true;
  if (!overdue && !longWait && !(mode.whenNoLocalAgent === true && !staffedHere(context, contact))) return {};
  return network(context, contact, options, now);
}

/** A waiting contact (here, or in the network in `network` mode) for an available agent of this centre. */
export function routeAgent(context: RouterContext, agent: AgentSnapshot, now: number): Step {
  if (!isAvailable(agent) || agent.home !== context.centre) return {};
  const contact = context.contacts.choose(agent, { now, policy: context.policy.contactPolicy, relaxation: context.policy.relaxation });
  return contact === undefined ? {} : assign(context, contact, agent, now);
}

/** A newer agent snapshot (replica rule: never older than what the index holds). */
export function agentChanged(context: RouterContext, agent: AgentSnapshot, now: number): Step {
  const key = agentKey(agent);
  const known = context.agents.get(key);
  if (known !== undefined && known.rev > agent.rev) return {};
  // While an assignment is on its way the mark stays; the real snapshot waits in `pending`.
  const marked = Object.entries(context.pending).find(([, p]) => agentKey(p.agent) === key);
  if (marked !== undefined) {
    const [contactId, p] = marked;
    return { patch: { pending: { ...context.pending, [contactId]: { ...p, agent } } } };
  }
  const indexes = agent.state === 'loggedOut' ? drop(context, agent) : put(context, agent);
  return andThen({ patch: indexes }, context, (next) => routeAgent(next, agent, now));
}

/** A newer contact snapshot: queue it, route it, or forget it when it has ended. */
export function contactChanged(context: RouterContext, contact: ContactSnapshot, now: number): Step {
  const known = context.contacts.get(contact.id);
  if (known !== undefined && known.rev > contact.rev) return {};
  const pending = context.pending[contact.id];
  if (contact.state === 'forwarded') return forwarded(context, contact, now);
  if (goneStates.has(contact.state)) {
    if (pending === undefined)
      return { patch: { contacts: context.contacts.remove(contact.id), tried: without(context.tried, contact.id) } };
    return releaseAgent(context, pending, (contacts) => contacts.remove(contact.id), now);
  }
  if (pending !== undefined && (contact.state === 'queued' || contact.state === 'reserving')) {
    // Still waiting for the contact's answer: remember what it is now, keep the mark.
    return { patch: { pending: { ...context.pending, [contact.id]: { ...pending, contact } } } };
  }
  // Offered or further on: the assignment's round is over.
  const settled = contact.state !== 'queued' && contact.state !== 'reserving';
  if (settled && pending !== undefined && contact.agent !== agentAddress(pending.agent)) {
    // It went to another router's choice: this router's agent was never had.
    return releaseAgent(context, pending, (contacts) => contacts.upsert(contact), now);
  }
  const patch: Partial<RouterContext> = { contacts: context.contacts.upsert(contact), ...(settled ? roundOver(context, contact.id) : {}) };
  return andThen({ patch }, context, (next) =>
    contact.owner === context.centre ? routeContact(next, contact, now) : routeAgentFor(next, contact, now),
  );
}

/**
 * Another centre's contact waits, and an agent of this centre is free for it: route that agent.
 * Its owner may not know the agent is free yet (their snapshots crossed on the way), and would
 * then wait for an agent event that never comes; an agent's home choosing for it closes that gap.
 * Should both sides choose at once, the contact takes the first assignment and refuses the other.
 */
function routeAgentFor(context: RouterContext, contact: ContactSnapshot, now: number): Step {
  if (contact.state !== 'queued') return {};
  const agent = context.local.choose(contact, {
    now,
    policy: context.policy.agentPolicy,
    relaxation: relaxationFor(context.policy.relaxation, contact.skillset),
  });
  return agent === undefined ? {} : routeAgent(context, agent, now);
}

/**
 * This router's assignment of `pending` is over without its agent (the contact ended, or went to
 * another router's choice): undo the marks, file the contact as `file` says, route the agent again.
 */
function releaseAgent(context: RouterContext, pending: Pending, file: (contacts: ContactQueue) => ContactQueue, now: number): Step {
  const released = giveBack(context, pending.contact.id);
  const contacts = file(released.patch?.contacts ?? context.contacts);
  return andThen({ patch: { ...released.patch, contacts, tried: without(context.tried, pending.contact.id) } }, context, (next) =>
    routeAgent(next, next.agents.get(agentKey(pending.agent)) ?? pending.agent, now),
  );
}

/**
 * The assignment for `contactId` is over: forget it. The agent keeps its mark until its own
 * newer snapshot shows where it is — unless a snapshot came under the mark: then that one stands,
 * even at the rev the mark was made at. (An agent that was never reserved for this contact — its
 * lease ran out first — publishes nothing newer, and a mark kept for ever would leave it idle
 * beside a waiting contact: the model checker's liveness walk found that.)
 */
function roundOver(context: RouterContext, contactId: string): Partial<RouterContext> {
  const seen = context.pending[contactId]?.agent;
  const newer = seen !== undefined && (context.agents.get(agentKey(seen))?.rev ?? -1) <= seen.rev;
  return {
    pending: without(context.pending, contactId),
    tried: without(context.tried, contactId),
    ...(newer ? put(context, seen) : {}),
  };
}

/**
 * The contact moved to another centre (a handover). If it moved for this router's assignment, that
 * assignment worked: the agent keeps its mark until its own newer snapshot arrives.
 */
function forwarded(context: RouterContext, contact: ContactSnapshot, now: number): Step {
  const pending = context.pending[contact.id];
  // It moved for another router's choice: this router's agent was never had.
  if (pending !== undefined && contact.agent !== agentAddress(pending.agent)) {
    return releaseAgent(context, pending, (contacts) => contacts.remove(contact.id), now);
  }
  return { patch: { contacts: context.contacts.remove(contact.id), ...roundOver(context, contact.id) } };
}

/**
 * The agent could not be had. Undo the marks; if the owner refused, skip that agent for this
 * contact until it changes; then route both again at once.
 */
export function assignmentFailed(
  context: RouterContext,
  contactId: string,
  agentAddr: string,
  reason: string | undefined,
  now: number,
  rev?: number,
): Step {
  const pending = context.pending[contactId];
  if (pending === undefined || agentKey(pending.agent) !== keyOf(agentAddr)) return {};
  if (contactBusy.has(reason ?? '')) return contactUnavailable(context, pending, rev, now);
  const released = giveBack(context, contactId);
  const agent = pending.agent;
  const refused = refusals.has(reason ?? 'no answer');
  const tried = refused ? { ...context.tried, [contactId]: { ...context.tried[contactId], [agentKey(agent)]: agent.rev } } : context.tried;
  return andThen({ patch: { ...released.patch, tried } }, context, (next) => {
    const contactStep = routeContact(next, pending.contact, now);
    // An agent whose owner refused is routed again when it publishes something new, not now:
    // it would only be handed the same contact and refuse again, at the same instant, for ever.
    if (refused) return contactStep;
    const after = { ...next, ...contactStep.patch };
    return merge(contactStep, routeAgent(after, after.agents.get(agentKey(agent)) ?? agent, now));
  });
}

/**
 * The contact could not take the assignment: another router got it first (`busy`), or it changed
 * since (`stale`). If this router has not yet seen the version the contact is at, it sets the
 * contact aside until that snapshot arrives; either way the agent is free to be routed again.
 */
function contactUnavailable(context: RouterContext, pending: Pending, rev: number | undefined, now: number): Step {
  const released = giveBack(context, pending.contact.id);
  const behind = rev !== undefined && pending.contact.rev < rev;
  const contacts = (released.patch?.contacts ?? context.contacts).upsert(
    behind ? { ...pending.contact, state: 'reserving' } : pending.contact,
  );
  return andThen({ patch: { ...released.patch, contacts } }, context, (next) => {
    const contactStep = behind ? {} : routeContact(next, pending.contact, now);
    const after = { ...next, ...contactStep.patch };
    return merge(contactStep, routeAgent(after, after.agents.get(agentKey(pending.agent)) ?? pending.agent, now));
  });
}

/** The centre's expected wait for a skillset crossed the overflow threshold, one way or the other. */
export function outlookChanged(context: RouterContext, skillset: string, overflowing: boolean, now: number): Step {
  if ((context.overflowing[skillset] === true) === overflowing) return {};
  const patch = { overflowing: { ...context.overflowing, [skillset]: overflowing } };
  return overflowing ? andThen({ patch }, context, (next) => recheck(next, now)) : { patch };
}

/** A queue's own mode (or back to the centre's, with `null`): its waiting contacts are routed by it at once. */
export function queueModeChanged(context: RouterContext, skillset: string, mode: RouterMode | null, now: number): Step {
  const { [skillset]: _, ...others } = context.policy.queueModes;
  const queueModes = mode === null ? others : { ...others, [skillset]: mode };
  return andThen({ patch: { policy: { ...context.policy, queueModes } } }, context, (next) => recheck(next, now));
}

/** A new mode: from now on, choices look where it says (DESIGN.md §4, modes). */
export function modeChanged(context: RouterContext, mode: RouterContext['policy']['mode'], now: number): Step {
  const policy = { ...context.policy, mode };
  if (mode.kind !== 'local') return andThen({ patch: { policy } }, context, (next) => recheck(next, now));
  // Back to local: forget the network's agents and contacts (assignments on their way still settle).
  const busy = new Set(Object.values(context.pending).flatMap((p) => [agentKey(p.agent), p.contact.id]));
  let agents = context.agents;
  for (const agent of context.agents.values()) {
    if (agent.home !== context.centre && !busy.has(agentKey(agent))) agents = agents.remove(agentKey(agent));
  }
  let contacts = context.contacts;
  for (const contact of context.contacts.values()) {
    if (contact.owner !== context.centre && !busy.has(contact.id)) contacts = contacts.remove(contact.id);
  }
  return andThen({ patch: { policy, agents, contacts } }, context, (next) => recheck(next, now));
}

/** Undo an assignment's marks: the agent and the contact as they really are. */
function giveBack(context: RouterContext, contactId: string): Step {
  const pending = context.pending[contactId];
  if (pending === undefined) return {};
  return {
    patch: {
      pending: without(context.pending, contactId),
      ...(pending.agent.state === 'loggedOut' ? drop(context, pending.agent) : put(context, pending.agent)),
      contacts: context.contacts.upsert(pending.contact),
    },
  };
}

/** Look at the best waiting contacts again: relaxation may have widened their choice. */
export function recheck(context: RouterContext, now: number): Step {
  let step: Step = {};
  let current = context;
  // Assignments nobody answered for too long: their contact's centre may be gone, or hung. Undo
  // the marks; another centre's contact is forgotten until its owner speaks again (a newer
  // snapshot feeds it back), so a centre that hangs does not hold this centre's agents one
  // pending time after another. Its owner's own router still routes it, to every agent it knows.
  for (const [contactId, pending] of Object.entries(context.pending)) {
    if (now - pending.since < context.policy.pendingMs) continue;
    const released = giveBack(current, contactId);
    const silent =
      pending.contact.owner !== context.centre ? { contacts: (released.patch?.contacts ?? current.contacts).remove(contactId) } : {};
    const forgotten = { ...released, patch: { ...released.patch, ...silent } };
    current = { ...current, ...forgotten.patch };
    step = merge(step, forgotten);
  }
  let looked = 0;
  // queue() walks the waiting contacts best first, across every skillset queue.
  for (const contact of context.contacts.queue()) {
    if (looked >= context.policy.recheckBatch) break;
    looked += 1;
    const next = routeContact(current, contact, now);
    if (next.patch !== undefined) current = { ...current, ...next.patch };
    step = merge(step, next);
  }
  return step;
}

/** Any contact waiting? */
export const anyWaiting = (context: RouterContext): boolean => context.contacts.waiting() > 0 || Object.keys(context.pending).length > 0;
