import { Command } from 'commander';
import { version } from './version.js';

/** Exit codes of the `contactmesh` command (documented in docs/cli.md). */
export const ExitCode = {
  ok: 0,
  /** A checked property was violated, or a run failed. */
  failure: 1,
  /** Bad input: an unknown flag, a bad value, an invalid file. */
  usage: 2,
} as const;

/** What a command writes to; the tests pass their own. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/**
 * Builds the `contactmesh` command. Sub-commands arrive with the issues that bring their
 * features; `demo` says honestly what it cannot do yet.
 *
 * @example
 * ```ts
 * await buildProgram({ out: console.log, err: console.error }).parseAsync(process.argv);
 * ```
 */
export function buildProgram(io: Io): Command {
  const program = new Command('contactmesh')
    .description('Join contact centres into one network: run demos, centres, gateways, simulations and model checks.')
    .version(version, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('demo')
    .description('Run a demo network of contact centres with a dashboard and status pages.')
    .action(() => {
      io.out(
        [
          'contactmesh demo',
          '',
          'The demo network arrives with the single-centre runtime (contact, agent and router statecharts).',
          'What exists today: the wire protocol, the transport contract, the memory transport with fault',
          'injection and the effect runtime — see README.md and docs/ for how to use them, and run',
          '`npm test` to watch them work.',
        ].join('\n'),
      );
    });

  return program;
}
