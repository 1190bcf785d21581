import type { ContactSnapshot } from '../../protocol/messages/snapshots.js';
import { drawInt } from '../../random/random.js';
import type { ChooseAgentOptions } from '../../routing/agent-index.js';
import { agentKey } from '../../routing/agent-key.js';
import type { Step as StepOf } from '../step.js';
import { andThen, assign } from './assign.js';
import type { RouterContext } from './context.js';

type Step = StepOf<RouterContext>;

/** The network's choice for a contact, near-ties between centres broken by a seeded draw. */
export function network(context: RouterContext, contact: ContactSnapshot, options: ChooseAgentOptions, now: number): Step {
  const best = context.agents.choose(contact, options);
  const { nearTie, agentPolicy } = context.policy;
  if (best === undefined || nearTie === null || agentPolicy !== 'longestIdle' || nearTie.among < 2) {
    return best === undefined ? {} : assign(context, contact, best, now);
  }
  const candidates = [best];
  const exclude = new Set(options.exclude);
  exclude.add(agentKey(best));
  while (candidates.length < nearTie.among) {
    const next = context.agents.choose(contact, { ...options, exclude });
    if (next === undefined || (next.idleSince ?? Number.POSITIVE_INFINITY) - (best.idleSince ?? 0) > nearTie.withinMs) break;
    candidates.push(next);
    exclude.add(agentKey(next));
  }
  if (candidates.every((agent) => agent.home === best.home)) return assign(context, contact, best, now);
  const { value, state } = drawInt(context.random, 0, candidates.length - 1);
  const chosen = candidates[value] ?? best;
  return andThen({ patch: { random: state } }, context, (next) => assign(next, contact, chosen, now));
}

/** Does any agent of this centre (logged in, ready or not) have every skill the contact needs? */
export function staffedHere(context: RouterContext, contact: ContactSnapshot): boolean {
  for (const agent of context.local.values()) {
    if (agent.state === 'loggedOut') continue;
    if (contact.requirements.every((r) => (agent.skills[r.skill] ?? 0) >= r.minProficiency)) return true;
  }
  return false;
}
