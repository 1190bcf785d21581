// prom-client's default metrics, one module each (node_modules/prom-client/lib/metrics/*.js). Its
// `collectDefaultMetrics` registers them all, but starts an event-loop monitor and a GC observer it
// never stops; process-instruments.ts registers the ones that only read the process at a scrape.
declare module 'prom-client/lib/metrics/*.js' {
  import type { Registry } from 'prom-client';

  /** Registers the metric's instruments in `registry`, their names prefixed by `prefix`. */
  const register: (registry: Registry, config: { readonly prefix?: string }) => void;
  export default register;
}
