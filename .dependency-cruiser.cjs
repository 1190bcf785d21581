/**
 * The architecture rules of DESIGN.md §2, checked on every `npm test`:
 * cli, examples → web-widget, transports → core, never the other way; core does no I/O;
 * the browser entry of web-widget imports nothing from Node; machines import no transport.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-the-bottom',
      comment: 'core never imports another contactmesh package; it is handed a transport.',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { path: '^packages/(transports|web-widget|cli|examples)/|node_modules/@contactmesh/(transports|web-widget|cli|examples)' },
    },
    {
      name: 'core-does-no-io',
      comment: 'core runs in browsers, the simulator and the model checker: no Node built-ins, no sockets.',
      severity: 'error',
      from: { path: '^packages/core/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-has-no-network-libraries',
      severity: 'error',
      from: { path: '^packages/core/src/' },
      to: { path: 'node_modules/(ws|mqtt|aedes)/' },
    },
    {
      name: 'transports-and-widget-sit-on-core-only',
      comment: 'transports and web-widget may use core, never cli or examples (and not each other).',
      severity: 'error',
      from: { path: '^packages/(transports|web-widget)/' },
      to: { path: '^packages/(cli|examples)/|node_modules/@contactmesh/(cli|examples)' },
    },
    {
      name: 'transports-do-not-know-the-widget',
      severity: 'error',
      from: { path: '^packages/transports/' },
      to: { path: '^packages/web-widget/|node_modules/@contactmesh/web-widget' },
    },
    {
      name: 'widget-does-not-know-transports-internals',
      severity: 'error',
      from: { path: '^packages/web-widget/' },
      to: { path: '^packages/transports/src/(?!index)' },
    },
    {
      name: 'cli-is-not-a-library-dependency',
      severity: 'error',
      from: { path: '^packages/(?!cli/)' },
      to: { path: '^packages/cli/|node_modules/@contactmesh/cli' },
    },
    {
      name: 'browser-entry-has-no-node',
      comment:
        'The widget element, its headless client and their entries (".", "./define", "./client") run in browsers, inside a 12 kB budget: nothing they reach may be ws, mqtt, aedes, esbuild, io-ts, rxjs, the gateway or the Node-only bundler.',
      severity: 'error',
      from: { path: '^packages/web-widget/src/(element/|client/|define\\.ts$|index\\.ts$)' },
      to: {
        reachable: true,
        path: 'node_modules/(ws|mqtt|aedes|esbuild|io-ts|rxjs)/|^packages/web-widget/src/(gateway|bundle)/',
      },
    },
    {
      name: 'browser-entry-has-no-node-builtins',
      comment: 'No node:* built-in under the browser entries of the widget.',
      severity: 'error',
      from: { path: '^packages/web-widget/src/(element/|client/|define\\.ts$|index\\.ts$)' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'websocket-browser-entry-has-no-node',
      comment:
        'The browser client of the relay runs on the global WebSocket: nothing it reaches may be ws, mqtt, aedes or a Node-only file of the relay or the Node client.',
      severity: 'error',
      from: { path: '^packages/transports/src/websocket/browser\\.ts$' },
      to: {
        reachable: true,
        path: 'node_modules/(ws|mqtt|aedes)/|^packages/transports/src/websocket/(relay|relay-connection|relay-upgrade|relay-options|node-client|index|pooled-bytes|msg-frames)\\.ts$',
      },
    },
    {
      name: 'websocket-shared-client-has-no-node-builtins',
      comment: 'The modules the Node and browser clients share (and the browser entry) import no node:* built-in.',
      severity: 'error',
      from: {
        path: '^packages/transports/src/websocket/(browser|backoff|client-[a-z-]+|frame-codec|frames|outbox|relay-socket|relay-frame-handler)\\.ts$',
      },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'machines-are-pure',
      comment:
        'Statecharts emit effects as data; they import no transport, clock implementation or runtime. Randomness only in its pure form: a draw from a state the context holds (drawInt).',
      severity: 'error',
      from: { path: '^packages/core/src/machines/' },
      to: { path: '^packages/core/src/(runtime|transport|clock)/' },
    },
    {
      name: 'centres-keep-no-time',
      comment:
        "A centre is composition and thin desks: every timer and every reading of time is a machine's (effects.schedule, event.at). Its code may name the Clock type, default to realClock and begin a life (clock/incarnation), nothing else of clock/; test/architecture/centre-keeps-no-time.test.ts checks the source for timers and clock reads.",
      severity: 'error',
      from: { path: '^packages/core/src/(centre|agent-bidder)/' },
      to: {
        path: '^packages/core/src/clock/',
        pathNot: '^packages/core/src/clock/(real-clock|incarnation)\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'protocol-is-the-wire-only',
      comment: 'The wire codecs know the wire: errors, limits and results, nothing above them (auction logic, machines, centres, runtime).',
      severity: 'error',
      from: { path: '^packages/core/src/protocol/' },
      to: { path: '^packages/core/src/', pathNot: '^packages/core/src/(protocol|errors)/|^packages/core/src/(limits|result)\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'tests-are-not-imported-by-source',
      severity: 'error',
      from: { path: '^packages/[^/]+/src/' },
      to: { path: '(^test/|^packages/[^/]+/test/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@contactmesh/source', 'import', 'types', 'default'],
    },
    // Only build output is left out: node_modules stay in the graph (unfollowed), or no rule naming
    // node_modules/… (ws, mqtt, io-ts, rxjs, esbuild) could ever fire.
    exclude: { path: '^packages/[^/]+/dist/' },
  },
};
