import WebSocket from 'ws';

/** A frame from the relay, header parsed (tests trust their relay), payload as text. */
export interface SeenFrame {
  readonly header: Record<string, unknown>;
  readonly text: string;
}

/**
 * A hand-driven socket to a relay, for sending what no well-behaved client would. Frames and the
 * close are recorded; `next(type)` waits for the next frame of a type — an event, never a sleep.
 */
export class RawRelayClient {
  readonly frames: SeenFrame[] = [];
  readonly closed: Promise<number>;
  readonly #waiters: { type: string; resolve: (f: SeenFrame) => void }[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const raw = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
      const end = raw.indexOf(0x0a);
      const header = JSON.parse(raw.subarray(0, end < 0 ? raw.length : end).toString()) as Record<string, unknown>;
      const frame = { header, text: end < 0 ? '' : raw.subarray(end + 1).toString() };
      this.frames.push(frame);
      const i = this.#waiters.findIndex((w) => w.type === header.type);
      if (i >= 0) this.#waiters.splice(i, 1)[0]?.resolve(frame);
    });
    this.closed = new Promise((resolve) => socket.on('close', (code) => resolve(code)));
  }

  static open(url: string, options: WebSocket.ClientOptions = {}): Promise<RawRelayClient> {
    const socket = new WebSocket(url, options);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new RawRelayClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Resolves with the next frame of `type` not yet taken (one already received counts). */
  next(type: string): Promise<SeenFrame> {
    const taken = this.frames.findIndex((f) => f.header.type === type && !this.#taken.has(f));
    if (taken >= 0) {
      const frame = this.frames[taken] as SeenFrame;
      this.#taken.add(frame);
      return Promise.resolve(frame);
    }
    return new Promise((resolve) =>
      this.#waiters.push({
        type,
        resolve: (f) => {
          this.#taken.add(f);
          resolve(f);
        },
      }),
    );
  }

  readonly #taken = new Set<SeenFrame>();

  send(data: string | Buffer): void {
    this.socket.send(data);
  }

  /** Sends a frame: JSON header, then LF and the payload when there is one. */
  frame(header: object, payload?: string): void {
    const json = JSON.stringify(header);
    this.socket.send(payload === undefined ? json : Buffer.from(`${json}\n${payload}`));
  }

  async hello(id: string, will?: { topic: string; payload: string; qos?: 0 | 1; retain?: boolean }): Promise<void> {
    const header = {
      type: 'hello',
      v: 1,
      id,
      ...(will === undefined ? {} : { will: { topic: will.topic, qos: will.qos ?? 1, retain: will.retain ?? false } }),
    };
    this.frame(header, will?.payload);
    await this.next('welcome');
  }
}
