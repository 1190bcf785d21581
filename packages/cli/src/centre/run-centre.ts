import {
  type Centre,
  type CentreEvent,
  type Clock,
  createCentre,
  defaultAgentPolicy,
  defaultContactPolicy,
  defaultRouterPolicy,
  ErrorCode,
  presencePolicyDefaults,
  realClock,
  type Transport,
} from '@contactmesh/core';
import { mqttDefaults } from '@contactmesh/transports/mqtt';
import type { Wall } from '../demo/wall.js';
import type { Io } from '../io.js';
import { type CentreConfig, CentreConfigError, loadCentreConfig } from './centre-config.js';
import { type CentreCommandOptions, parseTransportUrl } from './centre-options.js';
import { acdSettings, acdSide, simulatedSide } from './centre-side.js';
import { type ControlCommand, lineSplitter, maxControlLineBytes, parseControlLine } from './control.js';
import { type MetricsServer, type Readiness, startMetricsServer } from './metrics-server.js';
import { centreSnapshot, describeLine, levelOf, type OutputLine, printed } from './output.js';
import { signingFromConfig } from './signing-config.js';
import { transportFor } from './transport-for.js';

/** Where control lines come from: the process's standard input, or a test's stream. */
export interface ControlInput {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer) => void): unknown;
  /** Stops reading, so an idle input does not keep the process alive. */
  pause(): unknown;
  /** The input ended (the ACD closed its end of the pipe). */
  once?(event: 'end', listener: () => void): unknown;
}

/** What `runCentre` uses besides its options; tests pass their own. */
export interface CentreDeps {
  readonly io: Io;
  readonly wall: Wall;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly input: ControlInput;
  /** Makes the transport; default {@link transportFor} (tests pass an in-process one). */
  readonly transport?: typeof transportFor;
  /** Time of the centre, its simulated agents and traffic; default the real clock (tests pass a virtual one). */
  readonly clock?: Clock;
}

/** A URL without the password it may carry (`mqtt://user:pass@host` → `mqtt://user:***@host`). */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** The agent policy the centre runs with: an offer rings as long as the simulated ACD's agents let it (`answer.offerTimeoutSeconds`), unless the config's policy says. */
const agentPolicy = (config: CentreConfig) => ({
  offerTimeoutMs: acdSettings(config).answer.offerTimeoutSeconds * 1_000,
  ...config.policies?.agent,
});

/** `keys` of `from`, and nothing else. */
const pick = <T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> =>
  Object.fromEntries(keys.map((key) => [key, from[key]])) as Pick<T, K>;

/** The command's options with the centre's id and transport from the flags or, failing them, the config. */
type Resolved = CentreCommandOptions & { readonly id: string; readonly transport: string };

function resolved(options: CentreCommandOptions, config: CentreConfig): Resolved {
  const id = options.id ?? config.id;
  const transport = options.transport ?? config.transport?.url;
  if (options.transport === undefined && transport !== undefined) {
    try {
      parseTransportUrl(transport);
    } catch (error) {
      throw new CentreConfigError(`transport.url in the config: ${(error as Error).message.replace(/^--transport /, '')}`);
    }
  }
  if (id === undefined) throw new CentreConfigError('The centre needs an id: --id london, or "id" in the config file.');
  if (transport === undefined)
    throw new CentreConfigError(
      'The centre needs a broker or relay: --transport mqtt://127.0.0.1:1883, or "transport": { "url": … } in the config file.',
    );
  return { ...options, id, transport };
}

/**
 * What a centre would run with: the flags, the file and every default (`--print-config`). Secrets
 * never appear: the file names environment variables, not their values, and a password in the
 * transport URL is shown as `***`.
 */
export function resolvedConfig(options: Resolved, config: CentreConfig, network: string): object {
  return {
    id: options.id,
    network,
    transport: {
      ...(/^mqtts?:/.test(options.transport) ? mqttDefaults : {}),
      ...config.transport,
      url: withoutPassword(options.transport),
    },
    seed: options.seed,
    mode: config.mode ?? { kind: 'network' },
    ...(config.queueModes === undefined ? {} : { queueModes: config.queueModes }),
    acd: options.simulate === true ? 'simulated' : 'stdio',
    ...(options.metricsPort === undefined ? {} : { metrics: { port: options.metricsPort, host: options.metricsHost ?? '127.0.0.1' } }),
    ...(options.simulate === true ? { ...acdSettings(config), agents: config.agents ?? [], traffic: config.traffic ?? [] } : {}),
    policies: {
      router: { ...pick(defaultRouterPolicy, ['agentPolicy', 'recheckMs', 'pendingMs']), ...config.policies?.router },
      agent: { ...pick(defaultAgentPolicy, ['wrapUpMs', 'maxLeaseMs']), ...agentPolicy(config) },
      contact: {
        ...pick(defaultContactPolicy, ['maxWaitMs', 'leaseMs', 'offerAnswerMs', 'wrapUpMs', 'handoverMs', 'resyncMs', 'skillsets']),
        ...config.policies?.contact,
      },
      presence: { ...presencePolicyDefaults, ...config.policies?.presence },
    },
    ...(config.auctions === undefined ? {} : { auctions: config.auctions }),
    ...(config.bidding === undefined ? {} : { bidding: config.bidding }),
    ...(config.signing === undefined ? {} : { signing: config.signing }),
  };
}

/**
 * Runs one centre as its own process: the centre, a simulated ACD for its agents (from the config
 * file), its traffic, and a control channel of JSON lines on standard input. Every event is a
 * line on standard output (JSON with `--json`). Returns when interrupted or told `stop`.
 *
 * @example
 * ```ts
 * await runCentre({ id: 'london', transport: 'mqtt://127.0.0.1:1883', config: 'london.json', json: true, seed: 1 }, deps);
 * ```
 */
export async function runCentre(given: CentreCommandOptions, deps: CentreDeps): Promise<void> {
  const { io, wall } = deps;
  const clock = deps.clock ?? realClock;
  const config: CentreConfig = given.config === undefined ? {} : await loadCentreConfig(given.config);
  const options = resolved(given, config);
  const simulated = options.simulate === true;
  if (!simulated && ((config.agents?.length ?? 0) > 0 || (config.traffic?.length ?? 0) > 0))
    throw new CentreConfigError(
      `${options.config}: agents and traffic are for a simulated ACD: add --simulate, or leave them out and drive the centre from your ACD over standard input (docs/cli.md).`,
    );
  const network = options.network ?? config.network ?? 'demo';
  if (options.printConfig === true) {
    io.out(JSON.stringify(resolvedConfig(options, config, network), null, 2));
    return;
  }
  const signing = config.signing === undefined ? undefined : signingFromConfig(config.signing, deps.env);
  const transport: Transport = (deps.transport ?? transportFor)(options.transport, options.id, config.transport, deps.env);
  // A clock may give fractions of a millisecond; an incarnation (and every rev from it) is whole.
  const incarnation = options.incarnation ?? Math.floor(clock.now());
  // With --json every line is one JSON object: its level (none for the protocol's own lines) and
  // the centre's time first, then the line; --log-level leaves out the log lines below it.
  const threshold = options.logLevel ?? 'info';
  const print = (line: OutputLine) => {
    const level = levelOf(line);
    if (!printed(level, threshold)) return;
    const time = new Date(clock.now()).toISOString();
    io.out(options.json ? JSON.stringify({ ...(level === undefined ? {} : { level }), time, ...line }) : describeLine(line));
  };
  let centre: Centre | undefined;
  const side = simulated
    ? simulatedSide({
        clock,
        seed: options.seed,
        config,
        print,
        centre: () => {
          if (centre === undefined) throw new Error('The centre is not created yet.');
          return centre;
        },
      })
    : acdSide(print);
  centre = createCentre({
    id: options.id,
    network,
    transport,
    clock,
    incarnation,
    seed: options.seed,
    adapter: side.adapter,
    policies: {
      agent: agentPolicy(config),
      ...(config.policies?.router === undefined ? {} : { router: config.policies.router }),
      ...(config.policies?.contact === undefined ? {} : { contact: config.policies.contact }),
      ...(config.policies?.presence === undefined ? {} : { presence: config.policies.presence }),
    },
    ...(config.mode === undefined ? {} : { mode: config.mode }),
    ...(config.queueModes === undefined ? {} : { queueModes: config.queueModes }),
    ...(config.auctions === undefined ? {} : { auctions: config.auctions as never }),
    ...(config.bidding === undefined ? {} : { bidding: config.bidding as never }),
    ...(signing === undefined ? {} : { signing }),
  });
  const running = centre;

  running.events$.subscribe((event: CentreEvent) => {
    if (event.type === 'actor.done' || event.type === 'message.duplicate') return;
    if (event.type === 'peer.silent' || event.type === 'peer.speaking') {
      const incarnation = running.replicas.centre(event.centre)?.incarnation ?? 0;
      print({ type: 'peer', centre: event.centre, status: event.type === 'peer.silent' ? 'silent' : 'online', incarnation });
      return;
    }
    print(event);
    side.heard(running, event);
  });
  running.replicas.changes$.subscribe((change) => {
    if (change.kind !== 'centre' || change.centre === options.id || change.before?.status === change.after.status) return;
    print({ type: 'peer', centre: change.centre, status: change.after.status, incarnation: change.after.incarnation });
  });

  let phase: 'starting' | 'running' | 'stopping' = 'starting';
  const readiness = (): Readiness => {
    const reasons: string[] = [];
    if (phase !== 'running') reasons.push(`the centre is ${phase}`);
    if (transport.state !== 'connected') reasons.push(`the transport is ${transport.state}`);
    const self = running.replicas.centres().find((info) => info.centre === options.id);
    if (self?.status !== 'online' || self.incarnation !== incarnation)
      reasons.push('its presence has not come back from the network yet (the retained replicas come before it)');
    return { ready: reasons.length === 0, reasons };
  };
  let metricsServer: MetricsServer | undefined;
  if (options.metricsPort !== undefined) {
    try {
      metricsServer = await startMetricsServer({
        port: options.metricsPort,
        ...(options.metricsHost === undefined ? {} : { host: options.metricsHost }),
        centre: running,
        readiness,
      });
    } catch (error) {
      throw new Error(`Cannot serve metrics on port ${options.metricsPort}: ${(error as Error).message}`);
    }
    print({ type: 'metrics', port: metricsServer.port, paths: ['/metrics', '/healthz', '/readyz'] });
  }
  try {
    await running.start();
  } catch (error) {
    await running.stop().catch(() => undefined);
    await metricsServer?.close();
    throw error;
  }
  phase = 'running';
  print({ type: 'started', centre: options.id, network, incarnation, transport: redact(options.transport) });
  side.started(running, `${options.id}-${incarnation.toString(36)}-`);

  const control = (command: ControlCommand): OutputLine | undefined => {
    const ref = command.ref === undefined ? {} : { ref: command.ref };
    if (command.op === 'snapshot') return { ...centreSnapshot(running, incarnation, transport.state), ...ref };
    if (command.op === 'stop') return undefined;
    if (!side.ops.includes(command.op))
      return {
        type: 'error',
        code: ErrorCode.INVALID_STATE,
        message: simulated
          ? `${command.op} is for a centre your ACD drives; this one's ACD is simulated (--simulate): use ${side.ops.join(', ')}`
          : `${command.op} steers a simulated ACD (--simulate); your ACD drives this centre: use ${side.ops.join(', ')}`,
        ...ref,
      };
    return side.control(running, command, ref);
  };

  await new Promise<void>((resolve) => {
    // Lines after `stop` (in the same chunk of input) are not carried out: the centre is stopping.
    let finished = false;
    const finish = () => {
      finished = true;
      offInterrupt();
      deps.input.off('data', onData);
      deps.input.pause();
      resolve();
    };
    const onData = lineSplitter(
      maxControlLineBytes,
      (line) => {
        if (finished) return;
        const parsed = parseControlLine(line);
        if (!parsed.ok) {
          const { ok: _ok, error, ...rest } = parsed;
          return print({ type: 'error', message: error, ...rest });
        }
        if (parsed.command.op === 'stop') return finish();
        try {
          const reply = control(parsed.command);
          if (reply !== undefined) print(reply);
        } catch (error) {
          const code = (error as { code?: string }).code ?? ErrorCode.INVALID_STATE;
          const ref = parsed.command.ref === undefined ? {} : { ref: parsed.command.ref };
          print({ type: 'error', code, message: error instanceof Error ? error.message : String(error), ...ref });
        }
      },
      (bytes) =>
        print({
          type: 'error',
          code: ErrorCode.PAYLOAD_TOO_LARGE,
          message: `a control line of ${bytes} bytes is over the limit of ${maxControlLineBytes}; it was dropped`,
        }),
    );
    const offInterrupt = wall.onInterrupt(finish);
    deps.input.on('data', onData);
    // The ACD that drives this centre closed its end: nobody is left to answer offers, so stop
    // cleanly. (A simulated centre runs on with nothing on its input, as under a service manager.)
    if (!simulated) deps.input.once?.('end', finish);
  });

  phase = 'stopping';
  side.stop();
  const metrics = running.metrics().centre.cumulative;
  await running.stop();
  await metricsServer?.close();
  print({ type: 'stopped', centre: options.id, offered: metrics.offered, handled: metrics.handled, abandoned: metrics.abandoned });
}

/** The URL without a password, for output. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
