import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors/index.js';
import { erlangB, erlangC, erlangServiceLevel } from '../../src/estimators/index.js';

// Reference values computed with exact rational arithmetic from the textbook sums
// (Σ Aᵏ/k! for k < N and Aᴺ/N!·N/(N−A)), independently of the recursion under test.
const reference: readonly [agents: number, load: number, probabilityOfWaiting: number][] = [
  [1, 0.5, 0.5], // M/M/1: P(wait) = ρ
  [2, 1, 1 / 3],
  [10, 8, 0.40918015079644354],
  [25, 20, 0.2091028265988366],
  [100, 90, 0.2169404809063664],
  [1_000, 950, 0.06825341537714143],
  [1_000, 990, 0.6590804218808545],
  [2_000, 1_900, 0.013406437303190343],
];

const byLoad = (agents: number, load: number, handleSeconds = 180) => ({ arrivalsPerSecond: load / handleSeconds, handleSeconds, agents });

describe('erlangB', () => {
  it('gives the blocking probability of two servers offered one Erlang: 1/5', () => {
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 15);
  });
});

describe('erlangC', () => {
  it.each(reference)('with %i agents and %f Erlangs gives P(wait) = %f', (agents, load, expected) => {
    expect(erlangC(byLoad(agents, load)).probabilityOfWaiting).toBeCloseTo(expected, 12);
  });

  // The worked example of Call Centre Helper's "Erlang C formula – made simple": 100 calls in 30
  // minutes, 180 s handle time (10 Erlangs), 20 s service-level target.
  it.each([
    [11, 0.6821, 122.78, 0.3896],
    [12, 0.4494, 40.44, 0.6402],
    [13, 0.2853, 17.12, 0.7956],
    [14, 0.1741, 7.84, 0.8884],
  ])('reproduces the published staffing table: %i agents', (agents, probabilityOfWaiting, asa, serviceLevel) => {
    const load = { arrivalsPerSecond: 100 / 1_800, handleSeconds: 180, agents };
    const figures = erlangC(load);
    expect(figures.probabilityOfWaiting).toBeCloseTo(probabilityOfWaiting, 4);
    expect(figures.meanWaitSeconds).toBeCloseTo(asa, 2);
    expect(erlangServiceLevel(load, 20)).toBeCloseTo(serviceLevel, 4);
  });

  it('gives the mean wait of those who wait as h / (N − A)', () => {
    expect(erlangC(byLoad(2, 1, 180)).meanWaitIfWaitingSeconds).toBe(180);
    expect(erlangC(byLoad(2, 1, 180)).meanWaitSeconds).toBeCloseTo(60, 10);
  });

  it('reports a queue with at least as much load as agents as unstable, without a mean wait', () => {
    expect(erlangC(byLoad(10, 10))).toEqual({
      offeredLoad: 10,
      stable: false,
      probabilityOfWaiting: 1,
      meanWaitSeconds: undefined,
      meanWaitIfWaitingSeconds: undefined,
    });
    expect(erlangC(byLoad(0, 0)).stable).toBe(false);
    expect(erlangServiceLevel(byLoad(10, 12), 20)).toBe(0);
  });

  it('says nobody waits when nothing arrives or handling takes no time', () => {
    expect(erlangC({ arrivalsPerSecond: 0, handleSeconds: 180, agents: 3 }).probabilityOfWaiting).toBe(0);
    expect(erlangC({ arrivalsPerSecond: 5, handleSeconds: 0, agents: 1 }).meanWaitSeconds).toBe(0);
    expect(erlangServiceLevel({ arrivalsPerSecond: 5, handleSeconds: 0, agents: 1 }, 0)).toBe(1);
  });

  it.each([
    [{ arrivalsPerSecond: -1, handleSeconds: 1, agents: 1 }, 'arrivalsPerSecond'],
    [{ arrivalsPerSecond: 1, handleSeconds: Number.NaN, agents: 1 }, 'handleSeconds'],
    [{ arrivalsPerSecond: 1, handleSeconds: 1, agents: 2.5 }, 'agents'],
  ])('refuses a bad load with CM_ERR_INVALID_OPTION naming the option (%o)', (load, option) => {
    expect(() => erlangC(load)).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_OPTION, message: expect.stringContaining(option) }),
    );
  });
});

describe('erlangC (property)', () => {
  const load = fc.double({ min: 0, max: 1_500, noNaN: true });

  it('gives a probability of waiting in [0, 1] for up to 2 000 agents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000 }), load, (agents, offered) => {
        const { probabilityOfWaiting, meanWaitSeconds } = erlangC(byLoad(agents, offered));
        expect(probabilityOfWaiting).toBeGreaterThanOrEqual(0);
        expect(probabilityOfWaiting).toBeLessThanOrEqual(1);
        if (meanWaitSeconds !== undefined) expect(Number.isFinite(meanWaitSeconds) && meanWaitSeconds >= 0).toBe(true);
      }),
    );
  });

  it('gives a smaller probability of waiting with every agent added', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 800, noNaN: true }), fc.integer({ min: 1, max: 200 }), (offered, extra) => {
        const agents = Math.floor(offered) + extra;
        expect(erlangC(byLoad(agents + 1, offered)).probabilityOfWaiting).toBeLessThanOrEqual(
          erlangC(byLoad(agents, offered)).probabilityOfWaiting,
        );
      }),
    );
  });

  it('agrees with the closed form for two agents, P(wait) = 2ρ² / (1 + ρ)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1.999, noNaN: true }), (offered) => {
        const rho = offered / 2;
        expect(erlangC(byLoad(2, offered)).probabilityOfWaiting).toBeCloseTo((2 * rho * rho) / (1 + rho), 10);
      }),
    );
  });
});
