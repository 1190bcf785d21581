import type { AgentSnapshot, ContactSnapshot } from '../packages/core/src/protocol/index.js';
import type { Random } from '../packages/core/src/random/random.js';

// A seeded, roughly realistic population for one centre's router: 20 skills, agents with 2–5 of
// them, most agents busy or idle, most contacts voice. Every draw comes from the Random passed in.

export const skills = Array.from({ length: 20 }, (_, i) => `skill-${String(i + 1).padStart(2, '0')}`);

const languageSets: readonly string[][] = [['en'], ['en'], ['en'], ['en', 'fr'], ['en-GB', 'es'], []];
const capacities = [
  { voice: 1, chat: 3 },
  { voice: 1, chat: 3, email: 5 },
  { chat: 4, email: 5 },
] as const;

// 2–5 distinct skills, proficiency 1–10: a partial Fisher–Yates shuffle of the skill list.
function pickSkills(random: Random): Record<string, number> {
  const pool = [...skills];
  const chosen: Record<string, number> = {};
  for (let i = 0, count = random.int(2, 5); i < count; i++) {
    const j = random.int(i, pool.length - 1);
    const skill = pool[j] ?? '';
    pool[j] = pool[i] ?? '';
    chosen[skill] = random.int(1, 10);
  }
  return chosen;
}

/** An agent as a replica holds it: 45 % busy, 30 % idle, the rest away or spoken for. */
export function randomAgent(random: Random, id: string, now: number): AgentSnapshot {
  const roll = random.next();
  const state: AgentSnapshot['state'] =
    roll < 0.45 ? 'busy' : roll < 0.75 ? 'idle' : roll < 0.85 ? 'notReady' : roll < 0.9 ? 'wrapUp' : roll < 0.95 ? 'reserved' : 'loggedOut';
  const capacity = random.pick(capacities);
  const onCall = state === 'busy' && 'voice' in capacity && random.chance(0.6);
  const load = state !== 'busy' ? {} : onCall ? { voice: 1 } : { chat: random.int(1, 3) };
  const languages = random.pick(languageSets);
  return {
    id,
    home: `centre-${random.int(1, 8)}`,
    rev: 1,
    state,
    displayName: id,
    skills: pickSkills(random),
    capacity,
    load,
    idleSince: state === 'idle' ? now - random.int(0, 600_000) : null,
    updatedAt: now,
    ...(languages.length > 0 ? { languages: [...languages] } : {}),
  };
}

/** An agent that has just become free, as the router hears of it. */
export const freeAgent = (random: Random, id: string, now: number): AgentSnapshot => ({
  ...randomAgent(random, id, now),
  state: 'idle',
  load: {},
  idleSince: now,
});

/** A waiting contact: 60 % voice, 30 % chat, 10 % email; its skillset required, sometimes a second skill too. */
export function randomContact(random: Random, id: string, now: number): ContactSnapshot {
  const skillset = random.pick(skills);
  const requirements = [{ skill: skillset, minProficiency: random.int(1, 5) }];
  if (random.chance(0.2)) {
    const other = random.pick(skills);
    if (other !== skillset) requirements.push({ skill: other, minProficiency: random.int(1, 3) });
  }
  const roll = random.next();
  const arrivedAt = now - random.int(0, 900_000);
  return {
    id,
    owner: `centre-${random.int(1, 8)}`,
    rev: 1,
    state: 'queued',
    media: roll < 0.6 ? 'voice' : roll < 0.9 ? 'chat' : 'email',
    skillset,
    requirements,
    priority: random.int(0, 3),
    arrivedAt,
    seniority: arrivedAt,
    updatedAt: now,
    ...(random.chance(0.2) ? { language: 'en' } : {}),
  };
}
