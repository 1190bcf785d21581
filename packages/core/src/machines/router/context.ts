import type { AgentSnapshot, ContactSnapshot } from '../../protocol/messages/snapshots.js';
import { randomState } from '../../random/random.js';
import { AgentIndex } from '../../routing/agent-index.js';
import { ContactQueue } from '../../routing/contact-queue.js';
import { agentPolicies } from '../../routing/policies.js';
import type { Relaxation, RelaxationBySkillset } from '../../routing/relaxation.js';

/**
 * Where a centre's router looks (DESIGN.md §4, replication claims 3 and 10):
 * - `local`: only contacts that arrived here, only this centre's agents;
 * - `network`: the network's agents for its contacts, the network's waiting contacts for its agents;
 * - `overflow`: its own agents first; a contact goes to the network's agents once it has waited
 *   `afterWaitMs`, while its queue's expected wait here is over `expectedWaitMs`, or at once when
 *   no agent here has the skills it needs (`whenNoLocalAgent`).
 */
export type RouterMode =
  | { readonly kind: 'local' }
  | { readonly kind: 'network' }
  | {
      readonly kind: 'overflow';
      readonly afterWaitMs?: number;
      readonly expectedWaitMs?: number;
      readonly whenNoLocalAgent?: boolean;
    };

/** How a centre's router chooses (DESIGN.md §3, the router machine). */
export interface RouterPolicy {
  /** Agent policy for a contact: `longestIdle` (default), `mostProficient`, `leastOccupied`, `roundRobin`. */
  readonly agentPolicy: string;
  /** Contact policy for an agent: `priorityFirst` (default: highest priority, then oldest seniority). */
  readonly contactPolicy: string;
  /** Skill relaxation over waiting time, for every skillset or per skillset. */
  readonly relaxation: Relaxation | RelaxationBySkillset;
  /** How often waiting contacts are looked at again while relaxation may widen their choice. */
  readonly recheckMs: number;
  /** How many waiting contacts one recheck looks at, best first. */
  readonly recheckBatch: number;
  /** Where to look; changed at run time by a `mode` event. */
  readonly mode: RouterMode;
  /** Modes of single queues (by skillset), over `mode` for that queue's contacts; `queueMode` events change them. */
  readonly queueModes: Readonly<Record<string, RouterMode>>;
  /**
   * An assignment not answered for this long is given up (its contact's centre may have gone): the
   * marks are undone so the agent and the contact can be routed again. Leases end by themselves.
   */
  readonly pendingMs: number;
  /**
   * Near-ties between centres: when the longest-idle choice has up to `among - 1` runners-up idle
   * within `withinMs` of it and they are not all of one centre, pick among them at random (seeded
   * per centre), so a burst of contacts at several centres does not all chase one agent. `null`
   * turns it off.
   */
  readonly nearTie: { readonly withinMs: number; readonly among: number } | null;
  /**
   * How many candidates may refuse a contact before the router stops trying others for it; it
   * tries again when one of them changes (a newer snapshot) or an agent becomes free.
   */
  readonly maxTries: number;
}

export const defaultRouterPolicy: RouterPolicy = {
  agentPolicy: 'longestIdle',
  contactPolicy: 'priorityFirst',
  relaxation: [],
  recheckMs: 5_000,
  recheckBatch: 100,
  mode: { kind: 'local' },
  queueModes: {},
  pendingMs: 30_000,
  nearTie: { withinMs: 1_000, among: 3 },
  maxTries: 8,
};

/** An assignment on its way: the agent and the contact as they really are, under the router's marks. */
export interface Pending {
  readonly agent: AgentSnapshot;
  readonly contact: ContactSnapshot;
  /** When the assignment was made. */
  readonly since: number;
}

export interface RouterInput {
  readonly centre: string;
  readonly policy?: Partial<RouterPolicy>;
  /** Seed of the router's own random draws (near-ties); default: derived from the centre id. */
  readonly seed?: number;
}

export interface RouterContext {
  readonly centre: string;
  readonly policy: RouterPolicy;
  /** Every agent the router may choose: this centre's, and the network's it is fed. */
  readonly agents: AgentIndex;
  /** This centre's own agents, for `overflow` mode's local-first choice. */
  readonly local: AgentIndex;
  readonly contacts: ContactQueue;
  /** Contacts assigned and not yet answered for, by contact id. */
  readonly pending: Readonly<Record<string, Pending>>;
  /**
   * Agents whose owner refused a reservation for a contact, by contact id, with the agent's rev at
   * the time: the agent is skipped for that contact until it publishes a newer rev.
   */
  readonly tried: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The agent chosen last, for a rotating policy. */
  readonly lastChosen: string | undefined;
  readonly rechecking: boolean;
  /** The state of the router's seeded draws (the project's one generator, in its pure form: `drawInt`). */
  readonly random: readonly number[];
  /** Skillsets whose expected wait here is over the overflow mode's `expectedWaitMs` (the centre says). */
  readonly overflowing: Readonly<Record<string, boolean>>;
}

export function initialContext(input: RouterInput): RouterContext {
  const policy = { ...defaultRouterPolicy, ...input.policy };
  // Each registered agent policy costs an ordered set per skill on every update: keep only the one in use.
  const chosen = agentPolicies[policy.agentPolicy as keyof typeof agentPolicies];
  const index = AgentIndex.empty(chosen === undefined ? {} : { policies: { [policy.agentPolicy]: chosen } });
  return {
    centre: input.centre,
    policy,
    agents: index,
    local: index,
    contacts: ContactQueue.empty(),
    pending: {},
    tried: {},
    lastChosen: undefined,
    overflowing: {},
    random: randomState((input.seed ?? seedOf(input.centre)) | 0),
    rechecking: false,
  };
}

/** A 32-bit seed from a string (FNV-1a). */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
