import { constants, monitorEventLoopDelay, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Gauge, Histogram, type Registry } from 'prom-client';
import heapSizeAndUsed from 'prom-client/lib/metrics/heapSizeAndUsed.js';
import heapSpacesSizeAndUsed from 'prom-client/lib/metrics/heapSpacesSizeAndUsed.js';
import osMemoryHeap from 'prom-client/lib/metrics/osMemoryHeap.js';
import processCpuTotal from 'prom-client/lib/metrics/processCpuTotal.js';
import processHandles from 'prom-client/lib/metrics/processHandles.js';
import processMaxFileDescriptors from 'prom-client/lib/metrics/processMaxFileDescriptors.js';
import processOpenFileDescriptors from 'prom-client/lib/metrics/processOpenFileDescriptors.js';
import processRequests from 'prom-client/lib/metrics/processRequests.js';
import processResources from 'prom-client/lib/metrics/processResources.js';
import processStartTime from 'prom-client/lib/metrics/processStartTime.js';
import version from 'prom-client/lib/metrics/version.js';

// prom-client's default metrics that start nothing, by its names for them: each reads the process when scraped.
const readWhenScraped = {
  processCpuTotal,
  processStartTime,
  osMemoryHeap,
  processOpenFileDescriptors,
  processMaxFileDescriptors,
  processResources,
  processHandles,
  processRequests,
  heapSizeAndUsed,
  heapSpacesSizeAndUsed,
  version,
};

/** prom-client's default metrics (its `collectDefaultMetrics.metricsList`) that {@link processInstruments} serves. */
export const defaultMetricsServed: readonly string[] = [...Object.keys(readWhenScraped), 'eventLoopLag', 'gc'];

/**
 * The process's own instruments in `registry`, under the names and help prom-client's
 * `collectDefaultMetrics` gives them (`{prefix}process_cpu_seconds_total`,
 * `{prefix}nodejs_eventloop_lag_seconds`, `{prefix}nodejs_gc_duration_seconds`, …). Unlike
 * `collectDefaultMetrics`, which starts an event-loop monitor and a garbage-collection observer and
 * gives no way to stop them, it returns a function that stops both.
 *
 * @example
 * ```ts
 * const stop = processInstruments(registry, 'contactmesh_');
 * stop(); // when the registry is no longer scraped
 * ```
 */
export function processInstruments(registry: Registry, prefix: string): () => void {
  for (const register of Object.values(readWhenScraped)) register(registry, { prefix });
  const stopLoopDelays = loopDelayInstruments(registry, prefix);
  const stopCollections = collectionInstruments(registry, prefix);
  return () => {
    stopLoopDelays();
    stopCollections();
  };
}

/** The event loop's lag at a scrape, and the delays a 10 ms monitor recorded since the last one. */
function loopDelayInstruments(registry: Registry, prefix: string): () => void {
  const delays = monitorEventLoopDelay({ resolution: 10 });
  delays.enable();
  const registers = [registry];
  const seconds = (nanoseconds: number) => nanoseconds / 1e9;
  // The lag's collect sets every figure: it is registered first, so a scrape reads them after it.
  new Gauge({
    name: `${prefix}nodejs_eventloop_lag_seconds`,
    help: 'Lag of event loop in seconds.',
    registers,
    async collect() {
      for (const [gauge, read] of figures) gauge.set(seconds(read()));
      delays.reset();
      const start = process.hrtime.bigint();
      await nextTurn();
      this.set(seconds(Number(process.hrtime.bigint() - start)));
    },
  });
  const figure = (name: string, help: string, read: () => number) =>
    [new Gauge({ name: `${prefix}nodejs_eventloop_lag_${name}_seconds`, help, registers }), read] as const;
  const figures = [
    figure('min', 'The minimum recorded event loop delay.', () => delays.min),
    figure('max', 'The maximum recorded event loop delay.', () => delays.max),
    figure('mean', 'The mean of the recorded event loop delays.', () => delays.mean),
    figure('stddev', 'The standard deviation of the recorded event loop delays.', () => delays.stddev),
    figure('p50', 'The 50th percentile of the recorded event loop delays.', () => delays.percentile(50)),
    figure('p90', 'The 90th percentile of the recorded event loop delays.', () => delays.percentile(90)),
    figure('p99', 'The 99th percentile of the recorded event loop delays.', () => delays.percentile(99)),
  ];
  return () => delays.disable();
}

const gcKinds = new Map<number, string>([
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb'],
]);

/** A gc entry's kind: Node (16 and later) puts it in the entry's `detail`, which its types leave out. */
function gcKind(entry: PerformanceEntry): string {
  const detail: unknown = Reflect.get(entry, 'detail');
  const kind = typeof detail === 'object' && detail !== null && 'kind' in detail ? detail.kind : undefined;
  return (typeof kind === 'number' ? gcKinds.get(kind) : undefined) ?? 'unknown';
}

/** How long each garbage collection took, by kind. */
function collectionInstruments(registry: Registry, prefix: string): () => void {
  const durations = new Histogram({
    name: `${prefix}nodejs_gc_duration_seconds`,
    help: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
    labelNames: ['kind'],
    buckets: [0.001, 0.01, 0.1, 1, 2, 5],
    registers: [registry],
  });
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) durations.observe({ kind: gcKind(entry) }, entry.duration / 1_000);
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}
