import { createServer, connect as dial, type Socket } from 'node:net';
import { realClock, type TimerHandle } from '@contactmesh/core';

// A TCP proxy on 127.0.0.1 that a test puts between one participant and its broker (or relay), to
// see what a participant does when the network between them misbehaves. Each accepted connection
// is a pair (the participant's socket, and one the proxy opens to the target); the faults act on
// every pair, the ones open now and the ones to come:
//
// - `delay(ms)`: each chunk waits `ms` before it goes on, in both directions, still in order.
// - `cut()`: every pair is reset (an RST both ways: the participant sees ECONNRESET, the broker a
//   lost client) and new connections are reset as soon as they are accepted, until `restore()`.
//   `cut({ reset: false })` closes with a FIN instead (a graceful end, whatever is in flight), as a
//   proxy, a load balancer or a broker that shuts down would.
// - `halfOpen()`: nothing is forwarded any more and no close is passed on, but every socket stays
//   open: a black hole. What either side sends, and its end or loss, is held (not delivered), so
//   neither side hears of the other; only a keepalive or heartbeat finds out. Connections made
//   meanwhile are accepted and held, without a connection to the target; one its client gives up
//   meanwhile never reaches the target (in a real black hole it never got through).
// - `restore()`: forwarding again; what was held flows on, and a close that happened meanwhile is
//   passed on now (as TCP would: the next segment to a forgotten connection gets an RST).
//
// Bounded: a direction holding more than `maxHeldBytes` (delayed, half open, or not yet taken by a
// slow receiver) stops reading from its sender until it is down to half; from then on the bytes
// wait in the kernel, as TCP's window would make them. TCP_NODELAY on every socket.

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** Where connections go: the broker or relay. */
  readonly target: { readonly host?: string; readonly port: number };
  /** Most bytes one direction of one pair holds before it stops reading. Default 1 MiB. */
  readonly maxHeldBytes?: number;
}

/** What the proxy did so far. */
export interface FaultProxyStats {
  /** Connections accepted and forwarded (or held by a half-open proxy). */
  readonly accepted: number;
  /** Connections reset at once because the proxy was cut. */
  readonly refused: number;
  /** Pairs open now. */
  readonly open: number;
  /** Bytes delivered, both directions. */
  readonly forwardedBytes: number;
  /** Largest number of bytes one direction ever held. */
  readonly maxHeld: number;
}

export interface FaultProxy {
  /** The port the proxy listens on (127.0.0.1). */
  readonly port: number;
  readonly mode: 'open' | 'cut' | 'halfOpen';
  stats(): FaultProxyStats;
  /** Calls `listener` after anything the proxy did (a connection accepted, refused or closed; bytes forwarded). Returns an unsubscribe. */
  onChange(listener: () => void): () => void;
  /** Resolves once `holds()` is true, looked at now and after each change; fails after `timeoutMs` (default 5 s) naming `what`. */
  until(holds: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Holds each chunk `ms` in each direction (0: none); applies to chunks read from now on. */
  delay(ms: number): void;
  cut(options?: { readonly reset?: boolean }): void;
  halfOpen(): void;
  restore(): void;
  /** Stops listening and destroys every pair. Idempotent. */
  close(): Promise<void>;
}

type Hold = 'full' | 'drain';

/** What one direction carries: bytes, the sender's end (a FIN), or its loss (passed on as an RST). */
type Item = { readonly due: number } & ({ readonly chunk: Buffer } | { readonly end: 'fin' | 'reset' });

/**
 * One direction of a pair: what is read from `from` goes to `to` in order, after the delay. While
 * blocked (half open) everything waits, the sender's end included.
 */
class Direction {
  readonly #queue: Item[] = [];
  #held = 0;
  #timer: TimerHandle | undefined;
  #blocked = false;

  constructor(
    readonly from: Endpoint,
    readonly to: () => Socket | undefined,
    readonly proxy: ProxyCore,
    readonly reset: () => void,
  ) {}

  /** The sender's end is queued: it closed (or was lost) while this direction waited. */
  get ended(): boolean {
    return this.#queue.some((item) => 'end' in item);
  }

  block(): void {
    this.#blocked = true;
    if (this.#timer !== undefined) realClock.clearTimer(this.#timer);
    this.#timer = undefined;
  }

  unblock(): void {
    this.#blocked = false;
    this.#schedule();
  }

  push(chunk: Buffer): void {
    this.#enqueue({ due: this.#due(), chunk });
  }

  end(how: 'fin' | 'reset'): void {
    this.#enqueue({ due: this.#due(), end: how });
  }

  clear(): void {
    this.block();
    this.#queue.length = 0;
    this.#held = 0;
  }

  #due(): number {
    return Math.max(realClock.now() + this.proxy.delayMs, this.#queue.at(-1)?.due ?? 0);
  }

  #enqueue(item: Item): void {
    if ('chunk' in item) {
      if (!this.#blocked && this.#queue.length === 0 && this.proxy.delayMs === 0) {
        this.#deliver(item);
        return;
      }
      this.#held += item.chunk.byteLength;
      this.proxy.sawHeld(this.#held);
      if (this.#held > this.proxy.maxHeldBytes) this.from.hold('full');
    }
    this.#queue.push(item);
    this.#schedule();
  }

  #schedule(): void {
    const head = this.#queue[0];
    if (head === undefined || this.#timer !== undefined || this.#blocked) return;
    this.#timer = realClock.setTimer(Math.max(0, head.due - realClock.now()), () => {
      this.#timer = undefined;
      while (!this.#blocked && this.#queue[0] !== undefined && this.#queue[0].due <= realClock.now()) {
        const item = this.#queue.shift() as Item;
        if ('chunk' in item) this.#held -= item.chunk.byteLength;
        this.#deliver(item);
      }
      if (this.#held <= this.proxy.maxHeldBytes / 2) this.from.release('full');
      this.#schedule();
    });
  }

  #deliver(item: Item): void {
    const to = this.to();
    if ('end' in item) {
      if (item.end === 'reset') this.reset();
      else if (to !== undefined && !to.destroyed) to.end();
      return;
    }
    if (to === undefined || to.destroyed) return;
    this.proxy.forwarded(item.chunk.byteLength);
    // A receiver slower than its sender: stop reading the sender until the receiver drains.
    if (!to.write(item.chunk)) {
      this.from.hold('drain');
      to.once('drain', () => this.from.release('drain'));
    }
  }
}

/** One socket of a pair, not read from while anything holds it. */
class Endpoint {
  readonly #holds = new Set<Hold>();
  constructor(readonly socket: Socket) {}

  hold(reason: Hold): void {
    this.#holds.add(reason);
    this.socket.pause();
  }

  release(reason: Hold): void {
    this.#holds.delete(reason);
    if (this.#holds.size === 0 && !this.socket.destroyed) this.socket.resume();
  }
}

interface ProxyCore {
  readonly delayMs: number;
  readonly maxHeldBytes: number;
  sawHeld(bytes: number): void;
  forwarded(bytes: number): void;
}

/** A participant's connection and the proxy's to the target. */
class Pair {
  readonly client: Endpoint;
  upstream: Endpoint | undefined;
  readonly #up: Direction;
  #down: Direction | undefined;
  #blocked = false;
  #ended = false;

  constructor(
    socket: Socket,
    readonly proxy: ProxyCore & {
      readonly target: { host: string; port: number };
      gone(pair: Pair): void;
      linger(socket: Socket): void;
    },
  ) {
    this.client = new Endpoint(socket);
    this.#up = new Direction(
      this.client,
      () => this.upstream?.socket,
      proxy,
      () => this.destroy(true),
    );
    this.#wire(this.client, this.#up);
  }

  /** Opens the connection to the target and starts forwarding both ways. */
  dial(): void {
    const { host, port } = this.proxy.target;
    const socket = dial({ host, port });
    socket.setNoDelay(true);
    this.upstream = new Endpoint(socket);
    this.#down = new Direction(
      this.upstream,
      () => this.client.socket,
      this.proxy,
      () => this.destroy(true),
    );
    this.#wire(this.upstream, this.#down);
  }

  /** Half open: nothing goes through, no end is passed on. */
  block(): void {
    this.#blocked = true;
    this.#up.block();
    this.#down?.block();
  }

  unblock(): void {
    this.#blocked = false;
    // A connection accepted while half open, which its client gave up meanwhile: in a real black
    // hole it never got through, so the target never hears of it.
    if (this.upstream === undefined && this.#up.ended) {
      this.destroy(false);
      return;
    }
    if (this.upstream === undefined && !this.#ended) this.dial();
    this.#up.unblock();
    this.#down?.unblock();
  }

  destroy(reset: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#up.clear();
    this.#down?.clear();
    for (const endpoint of [this.client, this.upstream]) {
      const socket = endpoint?.socket;
      if (socket === undefined || socket.destroyed) continue;
      // An RST needs a connected socket; one still connecting can only be dropped.
      if (reset && !socket.connecting) socket.resetAndDestroy();
      else socket.destroy();
    }
    this.proxy.gone(this);
  }

  /**
   * Closes both sides with a FIN, whatever they still send (an RST would go out instead if a
   * socket with unread bytes were destroyed); what still comes is read and dropped until each
   * peer closes too.
   */
  hangUp(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#up.clear();
    this.#down?.clear();
    for (const endpoint of [this.client, this.upstream]) {
      const socket = endpoint?.socket;
      if (socket === undefined || socket.destroyed) continue;
      socket.removeAllListeners('data');
      socket.on('data', () => undefined);
      socket.resume();
      socket.end();
      this.proxy.linger(socket);
    }
    this.proxy.gone(this);
  }

  #wire(from: Endpoint, direction: Direction): void {
    const { socket } = from;
    socket.on('data', (chunk: Buffer) => direction.push(chunk));
    socket.on('end', () => direction.end('fin'));
    // Errors end in 'close'. A socket lost with an error is passed on as a reset (once the
    // direction delivers it: never while half open); a clean close ends the pair once both sides are closed.
    socket.on('error', () => undefined);
    socket.on('close', (hadError) => {
      if (hadError) direction.end('reset');
      else if (!this.#blocked && this.client.socket.destroyed && (this.upstream?.socket.destroyed ?? true)) this.destroy(false);
    });
  }
}

/**
 * Starts a {@link FaultProxy} in front of `target`, on 127.0.0.1 and a free port.
 *
 * @example
 * ```ts
 * const proxy = await startFaultProxy({ target: { port: broker.port } });
 * const paris = createMqttTransport({ participantId: 'paris', url: `mqtt://127.0.0.1:${proxy.port}` });
 * proxy.cut(); // … proxy.restore();
 * ```
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = { host: options.target.host ?? '127.0.0.1', port: options.target.port };
  const pairs = new Set<Pair>();
  /** Sockets hung up with a FIN, until their peer closes too. */
  const lingering = new Set<Socket>();
  const listeners = new Set<() => void>();
  let mode: FaultProxy['mode'] = 'open';
  let accepted = 0;
  let refused = 0;
  let forwardedBytes = 0;
  let maxHeld = 0;
  let notifying = false;
  const changed = () => {
    if (notifying) return;
    notifying = true;
    queueMicrotask(() => {
      notifying = false;
      for (const listener of [...listeners]) listener();
    });
  };
  const core = {
    target,
    delayMs: 0,
    maxHeldBytes: options.maxHeldBytes ?? 1024 * 1024,
    sawHeld: (bytes: number) => {
      maxHeld = Math.max(maxHeld, bytes);
    },
    forwarded: (bytes: number) => {
      forwardedBytes += bytes;
      changed();
    },
    gone: (pair: Pair) => {
      if (pairs.delete(pair)) changed();
    },
    linger: (socket: Socket) => {
      lingering.add(socket);
      socket.once('close', () => lingering.delete(socket));
    },
  };

  const server = createServer((socket) => {
    socket.setNoDelay(true);
    if (mode === 'cut') {
      refused += 1;
      socket.on('error', () => undefined);
      socket.resetAndDestroy();
      changed();
      return;
    }
    accepted += 1;
    const pair = new Pair(socket, core);
    pairs.add(pair);
    if (mode === 'halfOpen') pair.block();
    else pair.dial();
    changed();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('the fault proxy has no port');
  let closing: Promise<void> | undefined;
  const stats = (): FaultProxyStats => ({ accepted, refused, open: pairs.size, forwardedBytes, maxHeld });

  return {
    port: address.port,
    get mode() {
      return mode;
    },
    stats,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    until(holds, what, timeoutMs = 5_000) {
      return new Promise<void>((resolve, reject) => {
        const finish = (error?: Error) => {
          listeners.delete(check);
          realClock.clearTimer(timer);
          if (error === undefined) resolve();
          else reject(error);
        };
        const check = () => {
          if (holds()) finish();
        };
        const timer = realClock.setTimer(timeoutMs, () =>
          finish(new Error(`Waited ${timeoutMs} ms at the fault proxy for: ${what} (${JSON.stringify({ mode, ...stats() })})`)),
        );
        listeners.add(check);
        check();
      });
    },
    delay(ms) {
      if (!Number.isInteger(ms) || ms < 0) throw new Error(`delay(${ms}): a whole number of ms, 0 or more`);
      core.delayMs = ms;
    },
    cut({ reset = true } = {}) {
      mode = 'cut';
      for (const pair of [...pairs]) {
        if (reset) pair.destroy(true);
        else pair.hangUp();
      }
    },
    halfOpen() {
      mode = 'halfOpen';
      for (const pair of pairs) pair.block();
    },
    restore() {
      mode = 'open';
      for (const pair of [...pairs]) pair.unblock();
    },
    close() {
      closing ??= (async () => {
        listeners.clear();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const pair of [...pairs]) pair.destroy(false);
        for (const socket of lingering) socket.destroy();
        await stopped;
      })();
      return closing;
    },
  };
}
