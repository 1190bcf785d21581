import { readFile, stat } from 'node:fs/promises';
import { preview } from '@contactmesh/core';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ScenarioFile, type SimulationScenario, withDefaults } from './scenario-file.js';

/** Largest scenario file `contactmesh simulate` reads. */
export const maxScenarioBytes = 1_048_576;
/** Most agents a scenario may staff, over all centres. */
export const maxScenarioAgents = 20_000;

/** A scenario file that cannot be run: every problem found, each naming its field. */
export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${source}: invalid scenario (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ScenarioError';
  }
}

/**
 * Checks a parsed scenario and applies its defaults. Throws a {@link ScenarioError} listing every
 * bad field (`centres.0.agents.0.skills.billing: expected an integer from 1 to 10, got 11`), then,
 * once every field is well formed, every rule between fields (a traffic line naming no centre, a
 * warm-up as long as the run, a skillset nobody can serve).
 *
 * @example
 * ```ts
 * parseScenario({ durationSeconds: 3600, routing: 'isolated', centres: [], traffic: [] }, 'study.json');
 * // ScenarioError: study.json: invalid scenario (2 problems): centres: … traffic: …
 * ```
 */
export function parseScenario(value: unknown, source: string): SimulationScenario {
  const decoded = ScenarioFile.decode(value);
  if (isLeft(decoded)) throw new ScenarioError(source, fieldProblems(decoded.left));
  const scenario = withDefaults(decoded.right);
  const problems = ruleProblems(decoded.right, scenario);
  if (problems.length > 0) throw new ScenarioError(source, problems);
  return scenario;
}

/**
 * Reads a scenario file: at most {@link maxScenarioBytes}, JSON, then {@link parseScenario}.
 *
 * @example
 * ```ts
 * const scenario = await loadScenario('study.json');
 * ```
 */
export async function loadScenario(path: string): Promise<SimulationScenario> {
  return parseScenario(await readJsonFile(path, maxScenarioBytes), path);
}

/**
 * Reads a JSON file of at most `maxBytes`; anything else — missing, too large, not JSON — throws a
 * {@link ScenarioError} saying which.
 *
 * @example
 * ```ts
 * const parsed = await readJsonFile('network.json', 65_536);
 * ```
 */
export async function readJsonFile(path: string, maxBytes: number): Promise<unknown> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw new ScenarioError(path, [`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  if (size > maxBytes) throw new ScenarioError(path, [`the file is ${size} bytes; at most ${maxBytes} are read`]);
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ScenarioError(path, [`not valid JSON (${(error as Error).message})`]);
  }
}

/** One line per bad field; a union's members' expectations are joined with "or". */
export function fieldProblems(errors: t.Errors): string[] {
  const byPath = new Map<string, { expected: string[]; found: string }>();
  for (const error of errors) {
    const path = pathOf(error.context) || '(the file)';
    const expected = error.message ?? `expected ${error.context[error.context.length - 1]?.type.name ?? 'a valid value'}`;
    const found = error.value === undefined ? 'nothing (the field is missing)' : preview(error.value);
    const entry = byPath.get(path) ?? { expected: [], found };
    if (!entry.expected.includes(expected)) entry.expected.push(expected);
    byPath.set(path, entry);
  }
  return [...byPath].map(([path, { expected, found }]) => {
    const rule = expected.map((e, i) => (i === 0 ? e : e.replace(/^expected /, ''))).join(' or ');
    // An unknown field names itself; the whole object it sits in would only be noise.
    return rule.startsWith('unknown field') ? `${path}: ${rule}` : `${path}: ${rule}, got ${found}`;
  });
}

// Keys under unions are member indices, not field names: skip them.
function pathOf(context: t.Context): string {
  const path: string[] = [];
  for (let i = 1; i < context.length; i++) {
    const entry = context[i];
    if (entry === undefined || context[i - 1]?.type instanceof t.UnionType) continue;
    path.push(entry.key);
  }
  return path.join('.');
}

function ruleProblems(file: ScenarioFile, scenario: SimulationScenario): string[] {
  const problems: string[] = [];
  const ids = scenario.centres.map((c) => c.id);
  if (ids.length === 0) problems.push('centres: a scenario needs at least one centre');
  for (const [i, id] of ids.entries()) {
    if (ids.indexOf(id) !== i) problems.push(`centres.${i}.id: centre ${JSON.stringify(id)} appears twice`);
  }
  const agents = scenario.centres.reduce((n, c) => n + c.agents.reduce((m, g) => m + g.count, 0), 0);
  if (agents > maxScenarioAgents) problems.push(`centres: ${agents} agents in all; a scenario may staff at most ${maxScenarioAgents}`);
  for (const [i, centre] of scenario.centres.entries()) {
    for (const [j, group] of centre.agents.entries()) {
      if (Object.keys(group.skills).length === 0) problems.push(`centres.${i}.agents.${j}.skills: give the agents at least one skill`);
    }
  }
  if (scenario.traffic.length === 0) problems.push('traffic: a scenario needs at least one traffic line');
  if (scenario.warmupSeconds >= scenario.durationSeconds) {
    problems.push(
      `warmupSeconds: the warm-up (${scenario.warmupSeconds} s) must end before the run does (durationSeconds ${scenario.durationSeconds})`,
    );
  }
  const hasSkill = (centre: string | undefined, skill: string) =>
    scenario.centres.some((c) => (centre === undefined || c.id === centre) && c.agents.some((g) => (g.skills[skill] ?? 0) > 0));
  for (const [i, traffic] of scenario.traffic.entries()) {
    const given = file.traffic[i]?.handleSeconds;
    if (given?.sd !== undefined && traffic.handleSeconds.distribution !== 'lognormal') {
      problems.push(
        `traffic.${i}.handleSeconds.sd: only a lognormal distribution takes sd (this one is ${traffic.handleSeconds.distribution})`,
      );
    }
    if (!ids.includes(traffic.centre)) {
      problems.push(`traffic.${i}.centre: no centre ${JSON.stringify(traffic.centre)} in centres (known: ${ids.join(', ') || 'none'})`);
      continue;
    }
    const servedBy = scenario.routing === 'isolated' ? traffic.centre : undefined;
    if (traffic.patienceSeconds === null && !hasSkill(servedBy, traffic.skillset)) {
      problems.push(
        `traffic.${i}.skillset: no agent ${servedBy === undefined ? 'anywhere' : `at ${servedBy}`} has skill ${JSON.stringify(traffic.skillset)}, ` +
          'so these contacts would wait for ever: staff it, or give the customers a patienceSeconds',
      );
    }
  }
  if (file.auction !== undefined && scenario.routing !== 'auction') {
    problems.push(
      `auction: auction settings apply only with "routing": "auction" (this scenario routes ${JSON.stringify(scenario.routing)})`,
    );
  }
  return problems;
}
