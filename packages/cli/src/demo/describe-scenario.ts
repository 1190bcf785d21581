import { seconds } from './format.js';
import { type Scenario, skillsetsOf } from './scenario.js';

/**
 * A few lines saying what a scenario simulates: the centre, its agents per skillset, its traffic.
 *
 * @example
 * ```ts
 * io.out(describeScenario(londonScenario));
 * ```
 */
export function describeScenario(scenario: Scenario): string {
  const skillsets = skillsetsOf(scenario);
  const staffing = skillsets.map((s) => `${s} ${scenario.agents.filter((a) => (a.skills[s] ?? 0) > 0).length}`).join(', ');
  const traffic = scenario.traffic.map(
    (t) =>
      `  ${t.skillset}: ${t.arrivalsPerHour} ${t.media ?? 'voice'} contacts an hour, talk ${seconds(t.meanHandleSeconds)} on average` +
      (t.meanPatienceSeconds === undefined ? '' : `, customers hang up after ${seconds(t.meanPatienceSeconds)} on average`),
  );
  return [
    `centre ${scenario.centre} (network ${scenario.network}, memory transport): ${scenario.agents.length} agents — ${staffing}`,
    ...traffic,
    `  agents answer in ${scenario.answer.minDelaySeconds}–${scenario.answer.maxDelaySeconds}s, miss ${percentOf(scenario.answer.missChance)} of offers, wrap up for ${seconds(scenario.wrapUpSeconds)}; service level: answered within ${scenario.serviceLevelSeconds}s`,
  ].join('\n');
}

const percentOf = (p: number) => `${Math.round(p * 1000) / 10}%`;
