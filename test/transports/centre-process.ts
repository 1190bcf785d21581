import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMqttTransport } from '@contactmesh/transports/mqtt';
import { describeMissing } from '../support/missing-component.js';
import { sweepRetained } from './retained-sweep.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A line `contactmesh centre --json` printed. */
export type Line = { readonly type: string } & Readonly<Record<string, unknown>>;

/** What `{"op":"snapshot"}` answers (packages/cli/src/centre/output.ts). */
export interface Snapshot {
  readonly centre: string;
  readonly incarnation: number;
  readonly contacts: readonly { readonly id: string; readonly state: string; readonly skillset?: string; readonly agent?: string }[];
  readonly agents: readonly { readonly id: string; readonly state: string }[];
  readonly peers: readonly { readonly centre: string; readonly status: string }[];
}

/** How a test runs a centre process. */
export interface CentreProcessOptions {
  /**
   * Without `--simulate`: the test is the centre's ACD, writing `agent.*` and `contact.*` lines and
   * reading `offer`, `connect`, `stopRinging`, `forward`, `end` (docs/cli.md, "Driving it from your ACD").
   */
  readonly acd?: boolean;
}

/** How long any one awaited line may take before the test fails with what the process printed. */
const lineTimeoutMs = 30_000;

/**
 * One `contactmesh centre` process, driven over its standard input and read from its standard
 * output, as an operator's script would. Waiting is always for a line or a condition, bounded by
 * a generous limit that only a broken run reaches.
 */
export class CentreProcess {
  readonly lines: Line[] = [];
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #stderr: string[] = [];
  readonly #notJson: string[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #listeners = new Set<(line: Line) => void>();
  readonly #printedAt = new WeakMap<Line, number>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #refs = 0;

  constructor(
    readonly id: string,
    args: readonly string[],
    options: CentreProcessOptions = {},
  ) {
    this.#child = spawn(
      process.execPath,
      [
        '--conditions=@contactmesh/source',
        '--import',
        'tsx',
        join(root, 'packages/cli/src/bin.ts'),
        'centre',
        ...(options.acd === true ? [] : ['--simulate']),
        '--id',
        id,
        '--json',
        ...args,
      ],
      { cwd: root, stdio: 'pipe', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    let pending = '';
    this.#child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n')) {
        const text = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (text.trim() === '') continue;
        let parsed: Line & { level?: unknown; time?: unknown };
        try {
          parsed = JSON.parse(text) as Line & { level?: unknown; time?: unknown };
        } catch {
          this.#notJson.push(text);
          continue;
        }
        // Every line carries its log level and time; what happened is the rest.
        const { level: _level, time, ...rest } = parsed;
        const line = rest as Line;
        this.lines.push(line);
        if (typeof time === 'string') this.#printedAt.set(line, Date.parse(time));
        for (const listener of this.#listeners) listener(line);
      }
      for (const wake of [...this.#waiters]) wake();
    });
    this.#child.stderr.setEncoding('utf8').on('data', (chunk: string) => this.#stderr.push(chunk));
    this.exited = new Promise((resolve) => this.#child.once('exit', (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => {
      for (const wake of [...this.#waiters]) wake();
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** What the process wrote to its standard error so far. */
  get stderr(): string {
    return this.#stderr.join('');
  }

  /** When the process printed `line` (its `time`, in ms since the epoch: the machine's clock, shared by every process). */
  printedAt(line: Line): number {
    const at = this.#printedAt.get(line);
    if (at === undefined) throw new Error(`${this.id} printed no time with ${JSON.stringify(line)}.`);
    return at;
  }

  /** Calls `listener` with every line printed from now on, as it comes (an ACD answering offers); returns how to stop. */
  onLine(listener: (line: Line) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Writes one control line. */
  send(command: Readonly<Record<string, unknown>>): void {
    this.#child.stdin.write(`${JSON.stringify(command)}\n`);
  }

  /** The first line (from the start) that `matches`, waiting for it if it has not come yet. */
  async waitFor(what: string, matches: (line: Line) => boolean): Promise<Line> {
    return this.until(what, () => this.lines.find(matches));
  }

  /** Waits until `check` gives a value, re-checking after every line this process prints. */
  async until<T>(what: string, check: () => T | undefined): Promise<T> {
    let exited = false;
    void this.exited.then(() => {
      exited = true;
    });
    for (;;) {
      const found = check();
      if (found !== undefined) return found;
      if (exited) throw new Error(`${this.id} exited while waiting for ${what}.\n${this.transcript()}`);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.#waiters.delete(wake);
          reject(new Error(`${this.id}: no ${what} within ${lineTimeoutMs / 1000} s.\n${this.transcript()}`));
        }, lineTimeoutMs);
        const wake = () => {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          resolve();
        };
        this.#waiters.add(wake);
      });
    }
  }

  /** Sends a command with a fresh `ref` and waits for the line answering it. */
  async ask(command: Readonly<Record<string, unknown>>): Promise<Line> {
    const ref = `r${++this.#refs}`;
    this.send({ ...command, ref });
    return this.waitFor(`the answer to ${JSON.stringify(command)}`, (line) => line.ref === ref);
  }

  async snapshot(): Promise<Snapshot> {
    return (await this.ask({ op: 'snapshot' })) as unknown as Snapshot;
  }

  /** Lines of one type, in order. */
  all(type: string): Line[] {
    return this.lines.filter((line) => line.type === type);
  }

  /** A polite stop, as a service manager (SIGTERM) or Ctrl-C (SIGINT) asks for one. */
  signal(signal: 'SIGTERM' | 'SIGINT'): void {
    this.#child.kill(signal);
  }

  /** SIGKILL: no clean stop, no offline presence; the broker publishes the will once keepalive runs out. */
  kill(): void {
    this.#child.kill('SIGKILL');
  }
  /** Freezes the process (SIGSTOP), as a hung host or a stuck event loop would: it says nothing, its connection stays open. */
  freeze(): void {
    this.#child.kill('SIGSTOP');
  }

  /** Lets a frozen process run again (SIGCONT). */
  thaw(): void {
    this.#child.kill('SIGCONT');
  }

  /** Asks for a clean stop and waits for the exit; after `killAfterMs` (if given) kills it instead. */
  async stop(killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.send({ op: 'stop' });
    this.#child.stdin.end();
    if (killAfterMs === undefined) return this.exited;
    const timer = setTimeout(() => this.kill(), killAfterMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  transcript(): string {
    const out = this.lines.slice(-40).map((line) => JSON.stringify(line));
    const notJson = this.#notJson.length === 0 ? [] : [`--- stdout lines of ${this.id} that were not JSON:`, ...this.#notJson.slice(-10)];
    return [`--- last stdout lines of ${this.id}:`, ...out, ...notJson, `--- stderr of ${this.id}:`, this.stderr.slice(-4_000)].join('\n');
  }
}

/** Writes a centre's config file and returns its path. */
export async function writeConfig(dir: string, id: string, config: unknown): Promise<string> {
  const path = join(dir, `${id}.json`);
  await writeFile(path, JSON.stringify(config, null, 2));
  return path;
}

/**
 * The brokers a suite of centre processes runs against: an embedded aedes broker (MQTT 3.1.1), and
 * CONTACTMESH_MQTT_URL too when it is set (CI: Mosquitto, MQTT 5). Without it, says what `suite`
 * skipped and how to run `testFile` against one (with `CI=true`, fails instead).
 */
export function centreBrokers(suite: string, testFile: string): readonly (readonly [name: string, url: string | undefined])[] {
  const external = process.env.CONTACTMESH_MQTT_URL;
  if (external === undefined || external === '') {
    describeMissing(
      suite,
      'CONTACTMESH_MQTT_URL unset',
      `set CONTACTMESH_MQTT_URL, e.g. CONTACTMESH_MQTT_URL=mqtt://127.0.0.1:1883 npx vitest run ${testFile}`,
    );
    return [['embedded aedes', undefined]];
  }
  return [
    ['embedded aedes', undefined],
    ['an external broker', external],
  ];
}

/** Clears every retained value of `network`, so runs on a shared broker leave nothing behind; `run` names this test run's clients. */
export async function clearRetained(url: string, network: string, run: string): Promise<void> {
  const cleaner = createMqttTransport({ participantId: `cleaner-${run}`, url, clientIdPrefix: `cm-${run}-` });
  await sweepRetained(cleaner, `cm/${network}/#`, `cm/${network}/cleanup/${run}`);
}

/** One offer an ACD-driven centre process printed: ringing `agent` from `from` until `to` (ms since the epoch). */
export interface OfferSpan {
  readonly centre: string;
  readonly agent: string;
  readonly contact: string;
  readonly from: number;
  readonly to: number;
}

/**
 * Every offer `proc` printed, each open from its `offer` line until the line that closes it
 * (docs/cli.md): `connect` (its agent answered), `stopRinging`, or the call ending here (`end`, its
 * `contact.outcome`). One never closed is open until `openUntil`: the moment the process died, or
 * forever.
 */
export function offerSpans(proc: CentreProcess, openUntil = Number.POSITIVE_INFINITY): OfferSpan[] {
  const spans: OfferSpan[] = [];
  const open: { agent: string; contact: string; from: number }[] = [];
  const close = (at: number, ends: (offer: { agent: string; contact: string }) => boolean) => {
    for (let i = open.length - 1; i >= 0; i--) {
      const offer = open[i];
      if (offer === undefined || !ends(offer)) continue;
      spans.push({ centre: proc.id, ...offer, to: at });
      open.splice(i, 1);
    }
  };
  for (const line of proc.lines) {
    const { agent, contact } = line;
    if (typeof contact !== 'string') continue;
    const at = proc.printedAt(line);
    if (line.type === 'offer' && typeof agent === 'string') open.push({ agent, contact, from: at });
    else if (line.type === 'connect' || line.type === 'stopRinging') close(at, (o) => o.contact === contact && o.agent === agent);
    else if (line.type === 'end' || line.type === 'contact.outcome') close(at, (o) => o.contact === contact);
  }
  close(openUntil, () => true);
  return spans;
}

/** Each moment one contact rang two agents at once (or one agent twice), in words; empty when none did. */
export function overlappingOffers(spans: readonly OfferSpan[]): string[] {
  const found: string[] = [];
  const byContact = new Map<string, OfferSpan[]>();
  for (const span of spans) byContact.set(span.contact, [...(byContact.get(span.contact) ?? []), span]);
  for (const [contact, offers] of byContact) {
    const sorted = [...offers].sort((a, b) => a.from - b.from);
    for (const [i, offer] of sorted.entries()) {
      for (const earlier of sorted.slice(0, i)) {
        if (offer.from < earlier.to)
          found.push(
            `${contact} rang ${earlier.centre}/${earlier.agent} (from ${earlier.from} to ${earlier.to}) and ${offer.centre}/${offer.agent} (from ${offer.from}) at once`,
          );
      }
    }
  }
  return found;
}
