import type { CustomerStatus, FetchLike, LiveSocket, LiveSocketEvent } from '../../src/client/index.js';

/** A status as the gateway would send it while the contact waits third in the billing queue. */
export function queuedStatus(overrides: Partial<CustomerStatus> = {}): CustomerStatus {
  return {
    state: 'queued',
    media: 'voice',
    skillset: 'billing',
    position: 3,
    expectedWait: { seconds: 240, low: 180, high: 360, method: 'erlangC' },
    allowedCommands: ['switchQueue', 'requestCallback', 'switchToEmail', 'switchToWebForm', 'cancel'],
    otherQueues: ['sales', 'support'],
    updatedAt: 1_000,
    ...overrides,
  };
}

/** A socket the test drives: it records what the client sends and lets the test open, speak and drop it. */
export class FakeSocket implements LiveSocket {
  readonly sent: string[] = [];
  closedWith: number | undefined;
  readonly #listeners = new Map<string, ((event: LiveSocketEvent) => void)[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: LiveSocketEvent) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }

  send(text: string): void {
    this.sent.push(text);
  }

  close(code = 1005): void {
    this.closedWith = code;
  }

  open(): void {
    this.#emit({ type: 'open' });
  }

  message(data: unknown): void {
    this.#emit({ type: 'message', data });
  }

  status(status: CustomerStatus): void {
    this.message(JSON.stringify({ type: 'status', status }));
  }

  drop(code: number): void {
    this.#emit({ type: 'close', code });
  }

  #emit(event: LiveSocketEvent): void {
    for (const listener of this.#listeners.get(event.type) ?? []) listener(event);
  }
}

/** A `WebSocket` constructor that keeps every socket it made, newest last. */
export function fakeSockets() {
  const sockets: FakeSocket[] = [];
  const Socket = class extends FakeSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  };
  const latest = () => {
    const socket = sockets.at(-1);
    if (socket === undefined) throw new Error('No socket was opened.');
    return socket;
  };
  return { Socket, sockets, latest };
}

/** What a fake gateway answers: a status and a JSON body, or a network failure. */
export type FakeReply = { readonly status: number; readonly body?: unknown; readonly retryAfter?: string } | Error;

export interface FakeRequest {
  readonly url: string;
  readonly init: RequestInit;
  /** The parsed JSON body of a POST. */
  readonly body: unknown;
}

/** A `fetch` answering from `replies` in turn (the last one repeats), recording every request. */
export function fakeFetch(...replies: FakeReply[]) {
  const requests: FakeRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    requests.push({ url, init, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    const reply = replies[Math.min(requests.length - 1, replies.length - 1)] ?? { status: 500 };
    if (reply instanceof Error) throw reply;
    const headers = new Map(reply.retryAfter === undefined ? [] : [['retry-after', reply.retryAfter]]);
    return {
      status: reply.status,
      headers: { get: (name) => headers.get(name) ?? null },
      text: async () => JSON.stringify(reply.body ?? {}),
    };
  };
  return { fetch, requests };
}

/** Lets every pending promise callback run (the fakes answer in microtasks, never on a timer). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** 22 URL-safe base64 characters: the shape of a status token. */
export const token = 'AAAAAAAAAAAAAAAAAAAAAA';
export const endpoint = 'https://status.example.com';
