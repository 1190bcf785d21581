import { type NetworkModelOptions, scenarios } from '@contactmesh/core/check';
import { generateSigningKeys } from '@contactmesh/transports/signing';
import { Command, InvalidArgumentError } from 'commander';
import { type AclOptions, ParticipantsError, parseAgents, parseIdList } from './acl/acl-options.js';
import { mosquittoAcl } from './acl/mosquitto-acl.js';
import { CentreConfigError } from './centre/centre-config.js';
import { type CentreCommandOptions, parseCentreId, parseLogLevel, parseTransportUrl } from './centre/centre-options.js';
import { type ControlInput, runCentre } from './centre/run-centre.js';
import { type CheckOptions, runCheck, scenarioList } from './check/run-check.js';
import { type DemoOptions, defaultSeed, defaultSpeed, parseDuration, parseSeed, parseSpeed } from './demo/demo-options.js';
import { realWall } from './demo/real-wall.js';
import { runDemo } from './demo/run-demo.js';
import type { Wall } from './demo/wall.js';
import { wholeNumberFlag } from './flags.js';
import { type GatewayCommandOptions, type GatewayDeps, runGateway } from './gateway/run-gateway.js';
import type { Io } from './io.js';
import { keysText } from './keys/keys-text.js';
import { type NetworkDemoDeps, type NetworkDemoOptions, runNetworkDemo } from './network-demo/run-network-demo.js';
import {
  collectOrigin,
  defaultRelayPort,
  parseMaxPayload,
  parseMaxRate,
  parsePort,
  parseTokenEnv,
  type RelayCommandOptions,
} from './relay/relay-options.js';
import { runRelay } from './relay/run-relay.js';
import { TokensFileError } from './relay/tokens-file.js';
import { ScenarioError } from './simulate/parse-scenario.js';
import type { ProgressSink } from './simulate/progress-printer.js';
import { runSimulate, type SimulateOptions } from './simulate/run-simulate.js';
import type { SimulationProperty } from './simulate/sim-invariants.js';
import { version } from './version.js';

export type { Io } from './io.js';

/** Exit codes of the `contactmesh` command (documented in docs/cli.md). */
export const ExitCode = {
  ok: 0,
  /** A checked property was violated, or a run failed. */
  failure: 1,
  /** Bad input: an unknown flag, a bad value, an invalid file. */
  usage: 2,
} as const;

/** What the commands use besides their output; tests pass fakes. */
export interface ProgramDeps {
  /** Real time and Ctrl-C for the live demo and the relay; default the process's own. */
  readonly wall?: Wall;
  /** Environment variables (the relay's token); default the process's own. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where `contactmesh centre` reads its control lines; default standard input. */
  readonly input?: ControlInput;
  /** The gateway's transport and widget bundle; default from `--transport` and the built bundle. */
  readonly gateway?: GatewayDeps;
  /** The network demo's widget bundle, and who hears its URLs (tests). */
  readonly networkDemo?: NetworkDemoDeps;
  /** Where `contactmesh simulate` draws its progress bar; default standard error. */
  readonly progress?: ProgressSink;
  /** Machines `contactmesh check` runs instead of the production ones (a mutant), by kind; default none. */
  readonly checkMachines?: NetworkModelOptions['machines'];
  /** The invariants `contactmesh simulate --seeds` checks, instead of DESIGN.md §8, 1–3 (a test adds one that breaks). */
  readonly simulationProperties?: readonly SimulationProperty[];
}

/**
 * Builds the `contactmesh` command. Sub-commands arrive with the issues that bring their
 * features; `demo` runs one simulated centre today and says so.
 *
 * @example
 * ```ts
 * await buildProgram({ out: console.log, err: console.error }).parseAsync(process.argv);
 * ```
 */
export function buildProgram(io: Io, deps: ProgramDeps = {}): Command {
  const program = new Command('contactmesh')
    .description('Join contact centres into one network: run demos, centres, gateways, simulations and model checks.')
    .version(version, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('demo')
    .description(
      'Run the demo network: three contact centres with simulated agents and Poisson traffic, network routing and ' +
        'auctions, a status gateway with a dashboard, and status links to open as customers call. ' +
        'With --single: one centre on a virtual clock, with a live summary.',
    )
    .option('--seed <n>', 'seed of every random draw; the same seed gives the same run', parseSeed, defaultSeed)
    .option('--speed <x>', 'simulated seconds per real second (default 10; 30 with --single)', parseSpeed)
    .option('--duration <seconds>', 'stop after this many simulated seconds (default: run until Ctrl-C)', parseDuration)
    .option('--port <n>', "the gateway's port (0: any free port)", parsePort, 8_080)
    .option('--host <address>', "the gateway's interface", '127.0.0.1')
    .option('--transport <url>', 'a broker or relay to run on (mqtt://…, ws://…); default: an in-process relay', parseTransportUrl)
    .option('--single', 'one centre on a virtual clock (no network, no gateway)')
    .option('--json', 'with --single: print the final metrics as JSON on stdout (progress goes to stderr)')
    .action(
      async (
        options: Omit<DemoOptions, 'speed'> & Omit<NetworkDemoOptions, 'speed'> & { speed?: number; single?: boolean },
        command: Command,
      ) => {
        if (options.single === true) {
          await runDemo({ ...options, speed: options.speed ?? defaultSpeed }, io, deps.wall ?? realWall);
          return;
        }
        if (options.json === true)
          command.error('error: --json goes with --single; the network demo reports as it runs.', { exitCode: ExitCode.usage });
        await runNetworkDemo({ ...options, speed: options.speed ?? 10 }, io, deps.wall ?? realWall, deps.networkDemo);
      },
    );

  program
    .command('relay')
    .description(
      "Run a WebSocket relay: centres, gateways and agents' own computers connect to it with " +
        'createWebSocketTransport({ url }) (docs/transports.md). Runs until Ctrl-C.',
    )
    .option('--port <n>', 'port to listen on (0: any free port)', parsePort, defaultRelayPort)
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--allow-origin <origin>', 'a browser origin allowed to connect (repeat for more; default: any)', collectOrigin)
    .option(
      '--token-env <name>',
      'environment variable holding the token every participant must send as "Authorization: Bearer …"',
      parseTokenEnv,
    )
    .option('--max-payload <bytes>', 'largest payload a participant may publish', parseMaxPayload)
    .option('--max-rate <n>', 'publications a second each participant may make, in bursts of twice that (0: no limit)', parseMaxRate)
    .option(
      '--max-connections <n>',
      'most WebSocket connections at once; one more is refused (default 10000)',
      wholeNumberFlag('--max-connections', 1, 1_000_000),
    )
    .option(
      '--handshake-seconds <n>',
      'seconds a TCP connection has to complete its WebSocket upgrade before it is closed (default 10)',
      wholeNumberFlag('--handshake-seconds', 1, 3_600),
    )
    .option(
      '--tokens-file <file>',
      'JSON file binding tokens to participants: { "<token>": { "identity": "london", "role": "centre" } }; ' +
        'a participant presenting one may use only its own id and topics (docs/security.md)',
    )
    .action(async (options: RelayCommandOptions, command: Command) => {
      await asUsage(command, TokensFileError, 'contactmesh.invalidTokensFile', true, async () => {
        await runRelay(options, io, deps.wall ?? realWall, deps.env ?? process.env);
      });
    });

  program
    .command('acl')
    .description(
      'Print a Mosquitto ACL file (acl_file) that holds each participant of a network to the topics that name it ' +
        'as their publisher; MQTT user name = participant id (docs/security.md).',
    )
    .requiredOption('--network <id>', "the network's id: its topics live under cm/{network}/", parseCentreId)
    .requiredOption('--centres <ids>', 'the centres, separated by commas', (value) => parseIdList('--centres', value))
    .option('--gateways <ids>', 'the status gateways, separated by commas', (value) => parseIdList('--gateways', value))
    .option(
      '--agents <node:home,…>',
      "agents' own computers (createAgentBidder) and their home centres, e.g. london-ada:london",
      parseAgents,
    )
    .action(async (options: AclOptions, command: Command) => {
      await asUsage(command, ParticipantsError, 'contactmesh.invalidParticipants', true, async () => {
        io.out(mosquittoAcl(options).trimEnd());
      });
    });

  program
    .command('keys')
    .description(
      "Make a participant's Ed25519 key pair for message signatures: the private key is its alone, the public key " +
        "goes into every other participant's signing.peers (docs/security.md).",
    )
    .requiredOption('--id <participant>', 'the centre, gateway or agent node the keys are for (a-z, 0-9, -)', parseCentreId)
    .option('--json', 'print { "id", "privateKey", "publicKey" } as one JSON line')
    .action((options: { id: string; json?: boolean }) => {
      io.out(keysText(options.id, generateSigningKeys(), options.json === true));
    });

  program
    .command('centre')
    .description(
      'Run one contact centre as its own process, joined to the network through a broker or relay. Your ACD drives it ' +
        'with JSON lines on standard input (agent.login, contact.arrive, …) and hears what to do on standard output ' +
        '(offer, forward, end, …); with --simulate, simulated agents and traffic from the config drive it instead ' +
        '(docs/cli.md). Runs until Ctrl-C, SIGTERM or {"op":"stop"}.',
    )
    .option('--id <centre>', "this centre's id (a-z, 0-9, -); required unless the config has id", parseCentreId)
    .option(
      '--transport <url>',
      'mqtt://host:port, mqtts://…, ws://host:port or wss://…; required unless the config has transport.url',
      parseTransportUrl,
    )
    .option('--config <file>', 'JSON config: policies, modes, transport settings, signing; with --simulate, agents and traffic')
    .option('--simulate', "simulated agents (the config's agents) and traffic answer instead of your ACD")
    .option('--network <id>', "the network's id (default: the config's network, else demo)", parseCentreId)
    .option('--json', 'print every line as JSON, with its level and time')
    .option('--log-level <level>', "leave out log lines below info, warn or error (the ACD's lines are always printed)", parseLogLevel)
    .option('--seed <n>', 'seed of the simulated agents and traffic', parseSeed, defaultSeed)
    .option(
      '--metrics-port <n>',
      'serve Prometheus metrics on /metrics, and /healthz and /readyz, on this port (0: any free port)',
      parsePort,
    )
    .option('--metrics-host <address>', 'interface the metrics listen on (default 127.0.0.1)')
    .option('--print-config', 'print the resolved config (flags, file, defaults; no secrets) as JSON and exit without connecting')
    .action(async (options: CentreCommandOptions, command: Command) => {
      await asUsage(command, CentreConfigError, 'contactmesh.invalidConfig', true, async () => {
        await runCentre(options, {
          io,
          wall: deps.wall ?? realWall,
          env: deps.env ?? process.env,
          input: deps.input ?? process.stdin,
        });
      });
    });

  program
    .command('gateway')
    .description(
      'Run a customer status gateway: the lookup page, status pages that work without JavaScript, the JSON API, ' +
        'live updates and the <contact-status> widget bundle (docs/status-page.md). Runs until Ctrl-C.',
    )
    .requiredOption('--transport <url>', 'mqtt://host:port, mqtts://…, ws://host:port or wss://…', parseTransportUrl)
    .option('--network <id>', "the network's id", parseCentreId, 'demo')
    .option('--id <participant>', "this gateway's participant id (give each gateway its own)", parseCentreId, 'gateway-1')
    .option('--port <n>', 'port to listen on (0: any free port)', parsePort, 8_080)
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--allow-origin <origin>', 'origin of a page that embeds the widget (repeat for more)', collectOrigin)
    .action(async (options: GatewayCommandOptions) => {
      await runGateway(options, io, deps.wall ?? realWall, deps.gateway);
    });

  program
    .command('simulate')
    .description(
      'Run a what-if study: the real centres and statecharts on a virtual clock with simulated agents and Poisson traffic ' +
        'from a JSON scenario, then service level, ASA and occupancy per centre beside Erlang C (docs/simulation.md).',
    )
    .argument('<scenario>', 'JSON scenario file: centres, agents, traffic, routing (isolated, network or auction)')
    .option('--seed <n>', "seed of every random draw, instead of the file's", parseSeed)
    .option('--json', 'print the figures as one JSON object on stdout')
    .option('--report <file>', 'write a self-contained HTML report with charts to this file')
    .option(
      '--seeds <n>',
      "deterministic simulation testing: run the scenario with n seeds (from --seed or the file's), checking the invariants as each runs; exit 1 if any seed breaks one",
      wholeNumberFlag('--seeds', 1, 100_000),
    )
    .option(
      '--check-every <seconds>',
      'check the invariants every this many simulated seconds (default 1 with --seeds; off otherwise)',
      wholeNumberFlag('--check-every', 1, 86_400),
    )
    .action(async (file: string, options: SimulateOptions, command: Command) => {
      const progress = deps.progress ?? { isTTY: process.stderr.isTTY === true, write: (text: string) => process.stderr.write(text) };
      await asUsage(command, ScenarioError, 'contactmesh.invalidScenario', false, async () => {
        await runSimulate(file, options, {
          io,
          progress,
          ...(deps.simulationProperties === undefined ? {} : { properties: deps.simulationProperties }),
        });
      });
    });

  program
    .command('check')
    .description(
      'Model-check a small network: every interleaving of the production statecharts of its centres, agents and contacts ' +
        "(lost and copied messages, crashed centres, customers' commands within a budget), the invariants checked in each world; " +
        'the shortest counterexample as a numbered story, exit code 1; 2 on bad input (docs/model-checking.md).',
    )
    .argument('[network]', 'JSON file: centres (mode, agents), arrivals, ordering, faults, answers, horizonMs — or use --scenario')
    .option('--scenario <name|file>', `a built-in scenario (${Object.keys(scenarios).join(', ')}; "list" describes them) or a JSON file`)
    .option('--search <order>', 'bfs (shortest counterexample) or dfs', parseSearch)
    .option('--bfs', 'breadth first: the shortest counterexample (the default)')
    .option('--dfs', 'depth first, bounded by --max-depth')
    .option('--max-states <n>', 'distinct worlds to expand (default 200000)', wholeNumberFlag('--max-states', 1, 100_000_000))
    .option('--max-depth <n>', 'steps from the first world (default 60)', wholeNumberFlag('--max-depth', 1, 100_000))
    .option('--max-seconds <n>', 'wall time (default 60)', wholeNumberFlag('--max-seconds', 1, 86_400))
    .option('--no-reduction', 'take every order of steps on different centres (the same worlds, more steps: to cross-check the reduction)')
    .option(
      '--json',
      'print the result as one JSON object on stdout: exhaustive, states, transitions, maxDepth, seconds, statesPerSecond, violations',
    )
    .option('--out <file>', 'write the counterexample (steps as data, and the story) to this file')
    .option(
      '--seeds <n>',
      'instead of the exhaustive search: deterministic simulation, one seeded random walk per seed',
      wholeNumberFlag('--seeds', 1, 1_000_000),
    )
    .option('--walks <n>', 'the same as --seeds', wholeNumberFlag('--walks', 1, 1_000_000))
    .option('--steps <n>', 'steps per walk (default 400)', wholeNumberFlag('--steps', 1, 1_000_000))
    .option('--seed <n>', 'the first seed of the walks (default 1)', parseSeed)
    .option(
      '--replay <file>',
      'instead of a search: take the steps of a counterexample (--out) again in real centres, and say where the runtime left the story',
    )
    .action(async (file: string | undefined, options: CheckOptions, command: Command) => {
      const usage = (message: string) =>
        command.error(`error: ${message}`, { exitCode: ExitCode.usage, code: 'contactmesh.invalidArgument' });
      if (options.scenario === 'list') {
        io.out(scenarioList());
        return;
      }
      if (file !== undefined && options.scenario !== undefined) usage('give the network as an argument or as --scenario, not both.');
      const network = file ?? options.scenario;
      if (network === undefined) usage(`give a network file or --scenario NAME (built in: ${Object.keys(scenarios).join(', ')}).`);
      if (options.bfs === true && options.dfs === true) usage('--bfs and --dfs exclude each other.');
      if (options.walks !== undefined && options.seeds !== undefined) usage('--seeds and --walks are the same flag; give one.');
      if (!Object.hasOwn(scenarios, network as string) && !/[./\\]/.test(network as string))
        usage(
          `no built-in scenario ${JSON.stringify(network)} (built in: ${Object.keys(scenarios).join(', ')}); a file name has a dot or a slash.`,
        );
      await asUsage(command, ScenarioError, 'contactmesh.invalidScenario', false, async () => {
        await runCheck(network as string, options, io, deps.checkMachines);
      });
    });

  return program;
}

/**
 * Runs a command's work; an error of class `bad` is bad input — its message (after `error: ` when
 * `prefixed`) on standard error, exit code 2 — and anything else goes on up (exit 1).
 */
async function asUsage(
  command: Command,
  bad: abstract new (...args: never[]) => Error,
  code: string,
  prefixed: boolean,
  work: () => Promise<unknown>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof bad)) throw error;
    command.error(prefixed ? `error: ${error.message}` : error.message, { exitCode: ExitCode.usage, code });
  }
}

function parseSearch(value: string): 'bfs' | 'dfs' {
  if (value === 'bfs' || value === 'dfs') return value;
  throw new InvalidArgumentError(`The search is bfs or dfs, e.g. --search dfs; got ${JSON.stringify(value)}.`);
}
