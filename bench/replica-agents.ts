import type { AgentSnapshot } from '../packages/core/src/protocol/index.js';
import { createRandom, type Random } from '../packages/core/src/random/random.js';

// Agents as a network of ten centres replicates them: 3–8 of 24 skills, capacity and load per
// media, a person's name, a language or two for most. Every draw comes from the Random passed in.
//
// Two populations. `teams`: each centre staffs 30 teams, each with its own list of 3–8 skills, and
// an agent has its team's skills at proficiencies of its own — how centres assign skills. `unique`:
// every agent has its own random set in random order — the worst case for V8, which gives every
// distinct key order of a JSON object a hidden class of its own.

const skills = Array.from({ length: 24 }, (_, i) => `skill-${String(i + 1).padStart(2, '0')}`);
const first = ['Amelia', 'Oliver', 'Isla', 'Noah', 'Ava', 'Mateo', 'Sofia', 'Lucas', 'Chloé', 'Yusuf', 'Hana', 'Ravi'];
const last = ['Okafor', 'Martin', 'García', 'Kowalski', 'Nguyen', 'Smith', 'Rossi', 'Dubois', 'Tanaka', 'Jensen', 'Silva'];
const languageSets: readonly string[][] = [['en'], ['en'], ['en', 'fr'], ['en-GB', 'es'], ['de', 'en'], []];
const capacities = [
  { voice: 1, chat: 3 },
  { voice: 1, chat: 3, email: 5 },
  { chat: 4, email: 5 },
  { voice: 1, chat: 2, email: 5, sms: 4 },
] as const;

export type Population = 'teams' | 'unique';

// 3–8 distinct skills in random order: a partial Fisher–Yates shuffle of the skill list.
function pickSkillNames(random: Random): string[] {
  const pool = [...skills];
  const count = random.int(3, 8);
  for (let i = 0; i < count; i++) {
    const j = random.int(i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j] ?? '', pool[i] ?? ''];
  }
  return pool.slice(0, count);
}

// Fixed per team (its own seed), so both populations draw the same sequence for everything else.
const teamsPerCentre = 30;
const teamSkills = (centre: number, team: number): readonly string[] =>
  pickSkillNames(createRandom(1_000 + centre * teamsPerCentre + team));

function pickSkills(random: Random, population: Population, centre: number): Record<string, number> {
  const team = random.int(0, teamsPerCentre - 1);
  const names = population === 'unique' ? pickSkillNames(random) : teamSkills(centre, team);
  const chosen: Record<string, number> = {};
  for (const name of names) chosen[name] = random.int(1, 10);
  return chosen;
}

/** One replicated agent of `centres` centres: 45 % busy, 30 % idle, the rest away or spoken for. */
export function replicaAgent(random: Random, i: number, now: number, population: Population = 'teams', centres = 10): AgentSnapshot {
  const centre = i % centres;
  const roll = random.next();
  const state: AgentSnapshot['state'] =
    roll < 0.45 ? 'busy' : roll < 0.75 ? 'idle' : roll < 0.85 ? 'notReady' : roll < 0.9 ? 'wrapUp' : roll < 0.95 ? 'reserved' : 'loggedOut';
  const capacity = random.pick(capacities);
  const load: Record<string, number> = {};
  if (state === 'busy') {
    if ('voice' in capacity && random.chance(0.6)) load.voice = 1;
    else load.chat = random.int(1, capacity.chat);
    if ('email' in capacity && random.chance(0.3)) load.email = random.int(1, 3);
  }
  const languages = random.pick(languageSets);
  return {
    id: `agent-${i}`,
    home: `centre-${centre}`,
    rev: random.int(1, 5_000),
    state,
    displayName: `${random.pick(first)} ${random.pick(last)}`,
    skills: pickSkills(random, population, centre),
    capacity: { ...capacity },
    load,
    idleSince: state === 'idle' ? now - random.int(0, 600_000) : null,
    updatedAt: now - random.int(0, 60_000),
    ...(languages.length > 0 ? { languages: [...languages] } : {}),
    ...(state === 'notReady' ? { reason: 'lunch' } : {}),
  };
}
