import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createWaitObservations } from '../../src/estimators/index.js';
import { resolveMetricsConfig } from '../../src/metrics/index.js';

const doc = readFileSync(new URL('../../../../docs/metrics.md', import.meta.url), 'utf8');
const numericDefaults = new Map([...doc.matchAll(/^\| `(\w+)` \| (\d+) \|/gm)].map((m) => [m[1], Number(m[2])]));

describe('docs/metrics.md matches the code', () => {
  it('gives the numeric defaults the code uses', () => {
    const metrics = resolveMetricsConfig();
    const { settings } = createWaitObservations({ startedAt: 0 });
    expect(Object.fromEntries(numericDefaults)).toEqual({
      serviceLevelSeconds: metrics.defaults.serviceLevelSeconds,
      shortAbandonSeconds: metrics.defaults.shortAbandonSeconds,
      windowSeconds: (metrics.windowBuckets * metrics.bucketMs) / 1_000,
      bucketSeconds: metrics.bucketMs / 1_000,
      maxQueues: metrics.maxQueues,
      maxWaiting: metrics.maxWaiting,
      maxAgents: metrics.maxAgents,
      arrivalHalfLifeSeconds: Math.round((settings.arrivalTauMs * Math.LN2) / 1_000),
      minSamples: settings.minSamples,
      spread: settings.spread,
    });
  });
});
