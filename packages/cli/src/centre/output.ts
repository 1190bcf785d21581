import { type AdapterCommand, type Centre, type CentreEvent, contactIn } from '@contactmesh/core';

/** One contact this process hosts, as `snapshot` reports it. */
export interface HostedContact {
  readonly id: string;
  /**
   * The state it last published (`unknown` before its first snapshot), or `handingOver` while it
   * waits for another centre to take it (that centre may already list it: the copy here ends when
   * the answer comes).
   */
  readonly state: string;
  readonly skillset?: string;
  /** The agent's address (`{centre}/agent/{id}`) while one is reserved for, offered or serving it. */
  readonly agent?: string;
}

/** What `snapshot` answers: this centre's own objects and how it sees the network. */
export interface SnapshotLine {
  readonly type: 'snapshot';
  readonly centre: string;
  readonly incarnation: number;
  readonly transport: string;
  readonly contacts: readonly HostedContact[];
  readonly agents: readonly { readonly id: string; readonly state: string }[];
  /** Every other centre this one has heard of, with its presence. */
  readonly peers: readonly { readonly centre: string; readonly status: string; readonly incarnation: number }[];
  readonly ref?: string;
}

/**
 * What the centre asks of an ACD that drives it over standard input and output: one line per
 * adapter command (`offer`, `stopRinging`, `connect`, `end`, `forward`, `substitute`), its kind
 * as the line's `type`, with the command's fields.
 */
export type AcdLine = {
  [K in AdapterCommand['kind']]: { readonly type: K } & Omit<Extract<AdapterCommand, { readonly kind: K }>, 'kind'>;
}[AdapterCommand['kind']];

/** A line `contactmesh centre` prints: an event of the centre, or an answer on the control channel. */
export type OutputLine =
  | CentreEvent
  | Exclude<AcdLine, { readonly type: 'offer' }>
  | SnapshotLine
  | {
      readonly type: 'started';
      readonly centre: string;
      readonly network: string;
      readonly incarnation: number;
      readonly transport: string;
    }
  | { readonly type: 'stopped'; readonly centre: string; readonly offered: number; readonly handled: number; readonly abandoned: number }
  | { readonly type: 'peer'; readonly centre: string; readonly status: string; readonly incarnation: number }
  | { readonly type: 'metrics'; readonly port: number; readonly paths: readonly string[] }
  | { readonly type: 'offer'; readonly agent: string; readonly contact: string; readonly media?: string }
  | { readonly type: 'forwarded'; readonly contact: string; readonly to: string; readonly agent?: string }
  | { readonly type: 'ended'; readonly contact: string; readonly outcome: string }
  | { readonly type: 'arrived'; readonly contact: string; readonly token: string; readonly ref?: string }
  | { readonly type: 'done'; readonly op: string; readonly ref?: string }
  | { readonly type: 'error'; readonly code: string; readonly message: string; readonly ref?: string };

/**
 * This centre's contacts and agents (the actors it hosts, with the state each last published) and
 * its view of the other centres.
 *
 * @example
 * ```ts
 * centreSnapshot(centre, 1, 'connected').contacts; // [{ id: 'london-1', state: 'queued', skillset: 'billing' }]
 * ```
 */
export function centreSnapshot(centre: Centre, incarnation: number, transport: string): SnapshotLine {
  const contacts: HostedContact[] = [];
  const agents: { id: string; state: string }[] = [];
  for (const address of centre.runtime.addresses()) {
    const [home, kind, id] = address.split('/');
    if (home !== centre.id || id === undefined) continue;
    if (kind === 'contact') {
      const replica = centre.replicas.contact(id);
      const actor = centre.runtime.snapshot(address);
      const published = replica?.owner === centre.id ? replica.state : 'unknown';
      contacts.push({
        id,
        state: actor !== undefined && contactIn(actor, 'handingOver') ? 'handingOver' : published,
        ...(replica?.skillset === undefined ? {} : { skillset: replica.skillset }),
        ...(replica?.agent === undefined ? {} : { agent: replica.agent }),
      });
    } else if (kind === 'agent') {
      agents.push({ id, state: centre.replicas.agent(centre.id, id)?.state ?? 'unknown' });
    }
  }
  const peers = centre.replicas
    .centres()
    .filter((info) => info.centre !== centre.id)
    .map(({ centre: id, status, incarnation: life }) => ({ centre: id, status, incarnation: life }));
  return { type: 'snapshot', centre: centre.id, incarnation, transport, contacts, agents, peers };
}

/**
 * A line for people: what happened, in a few words.
 *
 * @example
 * ```ts
 * describeLine({ type: 'forwarded', contact: 'c1', to: 'paris', agent: 'p2' }); // 'c1 forwarded to paris (agent p2)'
 * ```
 */
export function describeLine(line: OutputLine): string {
  switch (line.type) {
    case 'started':
      return `centre ${line.centre} of network ${line.network} started on ${line.transport} (incarnation ${line.incarnation}); Ctrl-C stops it`;
    case 'stopped':
      return `centre ${line.centre} stopped: offered ${line.offered}, handled ${line.handled}, abandoned ${line.abandoned}`;
    case 'peer':
      return `centre ${line.centre} is ${line.status}`;
    case 'metrics':
      return `metrics on port ${line.port}: ${line.paths.join(', ')}`;
    case 'offer':
      return `${line.contact} offered to ${line.agent}`;
    case 'forwarded':
    case 'forward':
      return `${line.contact} forwarded to ${line.to}${line.agent === undefined ? '' : ` (agent ${line.agent})`}`;
    case 'stopRinging':
      return `${line.contact} stops ringing at ${line.agent}`;
    case 'connect':
      return `${line.contact} connected to ${line.agent}`;
    case 'end':
      return `${line.contact} ended here: ${line.outcome} (${line.reason})`;
    case 'substitute':
      return `${line.contact} replaced by a substitute (${line.skillset})`;
    case 'ended':
      return `${line.contact} ended here: ${line.outcome}`;
    case 'arrived':
      return `${line.contact} arrived (status token ${line.token})`;
    case 'done':
      return `${line.op}: done`;
    case 'error':
      return `error ${line.code}: ${line.message}`;
    case 'contact.outcome':
      return `${line.contact} ${line.outcome}${line.reason === undefined ? '' : ` (${line.reason})`}`;
    case 'centre.recovered':
      return `recovered ${line.kind} ${line.id} (was ${line.state}${line.agent === undefined ? '' : ` with ${line.agent}`})`;
    case 'transport.state':
      return `transport ${line.state}`;
    default:
      return JSON.stringify(line);
  }
}

/** How much a log line matters; protocol lines (an ACD's requests and answers) have none and are always printed. */
export type LogLevel = 'info' | 'warn' | 'error';

const rank: Readonly<Record<LogLevel, number>> = { info: 0, warn: 1, error: 2 };

/** Lines an ACD or a script acts on: never filtered by `--log-level`. */
const protocol = new Set([
  'offer',
  'stopRinging',
  'connect',
  'end',
  'forward',
  'substitute',
  'arrived',
  'done',
  'snapshot',
  'started',
  'stopped',
  'metrics',
  'forwarded',
  'ended',
  // What an ACD acts on besides the adapter's requests: a call's outcome, a contact or agent taken
  // back after a restart (to log in again and re-sync calls still up).
  'contact.outcome',
  'centre.recovered',
]);

/**
 * A line's level: `error` for what failed (an actor, an effect, the adapter, a subscription, a
 * refused control line), `warn` for what was refused or is degraded (a rejected or undeliverable
 * message, a lost connection, a peer gone offline), `info` for the rest; `undefined` for the
 * protocol lines, which are always printed.
 *
 * @example
 * ```ts
 * levelOf({ type: 'transport.state', state: 'reconnecting' }); // 'warn'
 * ```
 */
export function levelOf(line: OutputLine): LogLevel | undefined {
  if (protocol.has(line.type)) return undefined;
  switch (line.type) {
    case 'error':
    case 'actor.failed':
    case 'effect.failed':
    case 'adapter.failed':
    case 'subscription.failed':
      return 'error';
    case 'message.rejected':
    case 'message.undeliverable':
      return 'warn';
    case 'transport.state':
      return line.state === 'reconnecting' || line.state === 'closed' ? 'warn' : 'info';
    case 'peer':
      return line.status === 'online' ? 'info' : 'warn';
    default:
      return 'info';
  }
}

/** Whether a line of `level` is printed under `threshold` (protocol lines always are). */
export const printed = (level: LogLevel | undefined, threshold: LogLevel): boolean => level === undefined || rank[level] >= rank[threshold];
