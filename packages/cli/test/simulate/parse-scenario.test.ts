import { describe, expect, it } from 'vitest';
import { erlangPrediction } from '../../src/simulate/erlang-prediction.js';
import { parseScenario, ScenarioError } from '../../src/simulate/parse-scenario.js';

const valid = {
  seed: 1,
  durationSeconds: 28_800,
  warmupSeconds: 1_800,
  serviceLevelSeconds: 20,
  routing: 'isolated',
  centres: [{ id: 'london', agents: [{ count: 24, skills: { billing: 5 } }] }],
  traffic: [
    {
      centre: 'london',
      skillset: 'billing',
      media: 'voice',
      perHour: 400,
      handleSeconds: { mean: 180, distribution: 'exponential' },
      patienceSeconds: null,
    },
  ],
};

/** The problems a scenario is refused with (none: it was accepted). */
function problemsOf(value: unknown): readonly string[] {
  try {
    parseScenario(value, 'study.json');
    return [];
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
}

describe('a scenario file', () => {
  it('takes the documented example and fills in the defaults', () => {
    const scenario = parseScenario(
      { durationSeconds: 3_600, routing: 'network', centres: valid.centres, traffic: [{ ...valid.traffic[0], media: undefined }] },
      'x',
    );
    expect(scenario).toMatchObject({
      seed: 1,
      warmupSeconds: 0,
      serviceLevelSeconds: 20,
      answerDelaySeconds: 0,
      wrapUpSeconds: 0,
      auction: { deadlineMs: 2_000, strategy: 'collect', improveByMs: 0, retryMs: 15_000, queuePromise: true },
    });
    expect(scenario.traffic[0]).toMatchObject({
      media: 'voice',
      patienceSeconds: null,
      handleSeconds: { mean: 180, distribution: 'exponential' },
    });
    expect(problemsOf(valid)).toEqual([]);
  });

  it('names every bad field at once, with the rule and the value it got', () => {
    const problems = problemsOf({
      ...valid,
      durationSeconds: -5,
      routing: 'pooled',
      centres: [{ id: 'London', agents: [{ count: 0, skills: { billing: 11 } }] }],
      traffic: [{ ...valid.traffic[0], perHour: 'lots', patienceSeconds: -1, handleSeconds: { mean: 180, distribution: 'gamma' } }],
    });
    expect(problems).toEqual([
      'durationSeconds: expected a number from 1 to 2678400, got -5',
      'routing: expected isolated | network | auction, got "pooled"',
      'centres.0.id: expected a centre id (a-z, 0-9, -; at most 63 characters), got "London"',
      'centres.0.agents.0.count: expected an integer from 1 to 10000, got 0',
      'centres.0.agents.0.skills.billing: expected an integer from 1 to 10, got 11',
      'traffic.0.perHour: expected a number from 0.001 to 1000000, got "lots"',
      'traffic.0.handleSeconds.distribution: expected exponential | fixed | lognormal, got "gamma"',
      'traffic.0.patienceSeconds: expected a number from 0.001 to 86400 or null, got -1',
    ]);
  });

  it('names an unknown field (a typo) and the fields it knows', () => {
    expect(problemsOf({ ...valid, warmup: 60 })).toEqual([
      '(the file): unknown field "warmup" (known: durationSeconds, routing, centres, traffic, seed, warmupSeconds, serviceLevelSeconds, answerDelaySeconds, wrapUpSeconds, auction, faults)',
    ]);
    // The typo, and what it leaves out: every problem in one go.
    expect(problemsOf({ ...valid, centres: [{ id: 'london', agnets: [] }] })).toEqual([
      'centres.0: unknown field "agnets" (known: id, agents)',
      'centres.0.agents: expected an array of at most 1000 items, got nothing (the field is missing)',
    ]);
  });

  it('says a required field is missing', () => {
    const { traffic: _traffic, ...rest } = valid;
    expect(problemsOf(rest)).toEqual(['traffic: expected an array of at most 1000 items, got nothing (the field is missing)']);
  });

  it('checks the rules between fields once every field is well formed', () => {
    const problems = problemsOf({
      ...valid,
      warmupSeconds: 28_800,
      centres: [...valid.centres, { id: 'london', agents: [{ count: 2, skills: {} }] }],
      traffic: [
        { ...valid.traffic[0], centre: 'paris' },
        { ...valid.traffic[0], skillset: 'sales' },
        { ...valid.traffic[0], handleSeconds: { mean: 180, sd: 60 } },
      ],
      auction: { deadlineSeconds: 1 },
    });
    expect(problems).toEqual([
      'centres.1.id: centre "london" appears twice',
      'centres.1.agents.0.skills: give the agents at least one skill',
      'warmupSeconds: the warm-up (28800 s) must end before the run does (durationSeconds 28800)',
      'traffic.0.centre: no centre "paris" in centres (known: london, london)',
      'traffic.1.skillset: no agent at london has skill "sales", so these contacts would wait for ever: staff it, or give the customers a patienceSeconds',
      'traffic.2.handleSeconds.sd: only a lognormal distribution takes sd (this one is exponential)',
      'auction: auction settings apply only with "routing": "auction" (this scenario routes "isolated")',
    ]);
  });

  it('lets a network serve a skillset its own centre lacks', () => {
    const scenario = {
      ...valid,
      routing: 'network',
      centres: [...valid.centres, { id: 'paris', agents: [{ count: 3, skills: { sales: 5 } }] }],
      traffic: [{ ...valid.traffic[0], skillset: 'sales' }],
    };
    expect(problemsOf(scenario)).toEqual([]);
    expect(problemsOf({ ...scenario, routing: 'isolated' })).toHaveLength(1);
  });

  it('gives the whole list in its message, under the file name', () => {
    expect(() => parseScenario({ ...valid, seed: -1, serviceLevelSeconds: 'x' }, 'study.json')).toThrow(
      'study.json: invalid scenario (2 problems):\n  - seed: expected an integer from 0 to 4294967295, got -1\n  - serviceLevelSeconds: expected a number from 0 to 86400, got "x"',
    );
  });
});

describe('the Erlang C prediction beside a scenario', () => {
  const scenario = parseScenario(valid, 'x');

  it('is one M/M/N queue per centre for isolated routing, and one pooled queue for network routing', () => {
    const isolated = erlangPrediction(scenario);
    if ('omitted' in isolated) throw new Error(isolated.omitted);
    expect(isolated.model).toBe('per-centre');
    // 400 calls an hour of 180 s: 20 Erlangs on 24 agents.
    expect(isolated.centres.london).toMatchObject({ agents: 24, offeredLoad: 20 });
    expect(isolated.overall.serviceLevel).toBeCloseTo(isolated.centres.london?.serviceLevel ?? 0, 12);
    const network = erlangPrediction({
      ...scenario,
      routing: 'network',
      centres: [...scenario.centres, { id: 'paris', agents: [{ count: 24, skills: { billing: 3 } }] }],
      traffic: [...scenario.traffic, { ...(scenario.traffic[0] as (typeof scenario.traffic)[number]), centre: 'paris' }],
    });
    if ('omitted' in network) throw new Error(network.omitted);
    expect(network.model).toBe('pooled');
    expect(network.overall.agents).toBe(48);
    expect(network.overall.offeredLoad).toBeCloseTo(40, 9);
    expect(network.centres.paris).toEqual(network.overall);
  });

  it.each([
    ['auction routing', { routing: 'auction' as const }, /auctions hold a waiting contact/],
    ['abandonment', { traffic: [{ ...scenario.traffic[0], patienceSeconds: 60 }] }, /abandon \(patienceSeconds 60\)/],
    [
      'fixed handle times',
      { traffic: [{ ...scenario.traffic[0], handleSeconds: { mean: 180, distribution: 'fixed', sd: 0 } }] },
      /fixed handle times/,
    ],
    ['chat', { traffic: [{ ...scenario.traffic[0], media: 'chat' }] }, /is chat/],
    ['wrap-up', { wrapUpSeconds: 10 }, /wrap up for 10 s/],
    ['a delayed answer', { answerDelaySeconds: 2 }, /answer 2 s after the offer/],
    [
      'two skills at a centre',
      { centres: [{ id: 'london', agents: [{ count: 20, skills: { billing: 5, sales: 5 } }] }] },
      /exactly one skill/,
    ],
    [
      'an overloaded centre',
      { centres: [{ id: 'london', agents: [{ count: 19, skills: { billing: 5 } }] }] },
      /20 Erlangs\) is not below its 19 agents/,
    ],
  ])('is omitted, with the reason, for %s', (_name, change, reason) => {
    const prediction = erlangPrediction({ ...scenario, ...change } as typeof scenario);
    expect('omitted' in prediction ? prediction.omitted : '').toMatch(reason);
  });
});
