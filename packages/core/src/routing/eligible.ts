import type { AgentSnapshot, ContactSnapshot } from '../protocol/messages/snapshots.js';
import type { Media } from '../protocol/primitives.js';
import { type Relaxation, requiredProficiency } from './relaxation.js';

/** Every media type, in a fixed order so that the indexes are built the same way everywhere. */
export const allMedia: readonly Media[] = ['voice', 'chat', 'email', 'video', 'sms', 'webform'];

/**
 * A voice or video contact takes the agent whole.
 *
 * @example
 * ```ts
 * takesWholeAgent('video'); // true
 * ```
 */
export const takesWholeAgent = (media: Media): boolean => media === 'voice' || media === 'video';

/**
 * The agent's proficiency in `skill`, 0 without it. Skill names such as `constructor` are valid and
 * must not read what every object inherits; `typeof` rules that out as cheaply as an own-property check.
 *
 * @example
 * ```ts
 * proficiencyIn({ ...agent, skills: { billing: 7 } }, 'sales'); // 0
 * ```
 */
export function proficiencyIn(agent: AgentSnapshot, skill: string): number {
  const proficiency: unknown = agent.skills[skill];
  return typeof proficiency === 'number' ? proficiency : 0;
}

/**
 * Whether the agent may be given work at all: `idle`, or `busy` (the capacity check decides whether
 * there is room). `reserved` and `offered` agents are spoken for; the others are away.
 *
 * @example
 * ```ts
 * isAvailable({ ...agent, state: 'wrapUp' }); // false
 * ```
 */
export const isAvailable = (agent: AgentSnapshot): boolean => agent.state === 'idle' || agent.state === 'busy';

/**
 * The agent's work in progress, over every media.
 *
 * @example
 * ```ts
 * totalLoad({ ...agent, load: { chat: 2, email: 1 } }); // 3
 * ```
 */
export function totalLoad(agent: AgentSnapshot): number {
  let total = 0;
  for (const media of allMedia) total += agent.load[media] ?? 0;
  return total;
}

/**
 * Whether the agent has room for one more contact of `media`: spare capacity for that media, no
 * voice or video call in progress, and no work at all when the new contact is voice or video. The
 * agent machine's own check (`refusal`) applies the same rule to the agent as it really is.
 *
 * @example
 * ```ts
 * hasRoomFor({ ...agent, capacity: { voice: 1, chat: 3 }, load: { chat: 1 } }, 'voice'); // false
 * ```
 */
export function hasRoomFor(agent: AgentSnapshot, media: Media): boolean {
  if ((agent.load[media] ?? 0) >= (agent.capacity[media] ?? 0)) return false;
  if ((agent.load.voice ?? 0) > 0 || (agent.load.video ?? 0) > 0) return false;
  return takesWholeAgent(media) ? totalLoad(agent) === 0 : true;
}

/**
 * Whether the agent speaks the contact's language: any language when either side names none,
 * otherwise an exact tag or a regional variant of it (`en` is served by `en-GB`).
 *
 * @example
 * ```ts
 * speaks({ ...agent, languages: ['en-GB'] }, 'en'); // true
 * ```
 */
export function speaks(agent: AgentSnapshot, language: string | undefined): boolean {
  const languages = agent.languages ?? [];
  if (language === undefined || languages.length === 0) return true;
  return languages.some((l) => l === language || l.startsWith(`${language}-`));
}

/**
 * The one routing rule: may `agent` be given `contact` at `now`? Available, room for the contact's
 * media, every requirement met (after the queue's relaxation) and a common language. Both
 * directions of routing and their tests use this function, so they cannot disagree.
 *
 * @example
 * ```ts
 * eligible(agent, contact, clock.now(), [{ afterMs: 60_000, minProficiency: 2 }]);
 * ```
 */
export function eligible(agent: AgentSnapshot, contact: ContactSnapshot, now: number, relaxation: Relaxation = []): boolean {
  if (!isAvailable(agent) || !hasRoomFor(agent, contact.media) || !speaks(agent, contact.language)) return false;
  for (const requirement of contact.requirements) {
    if (proficiencyIn(agent, requirement.skill) < requiredProficiency(contact, requirement, now, relaxation)) return false;
  }
  return true;
}
