import { describe, expect, it } from 'vitest';
import { type MetricsEvent, metricsSnapshot } from '../../src/metrics/index.js';
import { recordAll, s } from './record-all.js';

describe('occupancy', () => {
  // a1: idle 0–60 s, busy 60–180 s, not ready 180–240 s; a2: wrap-up 120–240 s, then logged out.
  const events: MetricsEvent[] = [
    { kind: 'agentState', agent: 'a1', state: 'idle', at: 0 },
    { kind: 'agentState', agent: 'a1', state: 'busy', at: 60 * s },
    { kind: 'agentState', agent: 'a2', state: 'wrapUp', at: 120 * s },
    { kind: 'agentState', agent: 'a1', state: 'notReady', at: 180 * s },
    { kind: 'agentState', agent: 'a2', state: 'loggedOut', at: 240 * s },
  ];

  it('is busy agent time over staffed agent time, not ready left out by default', () => {
    const { centre } = metricsSnapshot(recordAll(events), 240 * s);
    // busy: 120 (a1) + 120 (a2); staffed: 60 idle + 240 busy
    expect(centre.cumulative).toMatchObject({ busyAgentSeconds: 240, staffedAgentSeconds: 300, occupancy: 0.8 });
    expect(centre.agents).toEqual({ loggedIn: 1, staffed: 0, busy: 0 });
  });

  it('counts not ready as staffed when configured to', () => {
    const { centre } = metricsSnapshot(recordAll(events, { staffedStates: ['idle', 'notReady'] }), 240 * s);
    expect(centre.cumulative.occupancy).toBeCloseTo(240 / 360, 12);
  });

  it('counts the state an agent is in up to now, and only the window part of it in the window', () => {
    const metrics = recordAll([{ kind: 'agentState', agent: 'a1', state: 'busy', at: 0 }], { windowSeconds: 120, bucketSeconds: 60 });
    const { centre } = metricsSnapshot(metrics, 1_000 * s);
    expect(centre.cumulative.busyAgentSeconds).toBe(1_000);
    // window [900 s, 1000 s]
    expect(centre.window).toMatchObject({ from: 900 * s, busyAgentSeconds: 100, occupancy: 1 });
    expect(centre.agents).toEqual({ loggedIn: 1, staffed: 1, busy: 1 });
  });

  it('splits a closed state over the window buckets it crossed', () => {
    const metrics = recordAll(
      [
        { kind: 'agentState', agent: 'a1', state: 'idle', at: 30 * s },
        { kind: 'agentState', agent: 'a1', state: 'busy', at: 150 * s },
        { kind: 'agentState', agent: 'a1', state: 'loggedOut', at: 200 * s },
      ],
      { windowSeconds: 120, bucketSeconds: 60 },
    );
    // window at 200 s: [120 s, 240 s) — idle 120–150, busy 150–200
    expect(metricsSnapshot(metrics, 200 * s).centre.window).toMatchObject({ busyAgentSeconds: 50, staffedAgentSeconds: 80 });
  });
});
