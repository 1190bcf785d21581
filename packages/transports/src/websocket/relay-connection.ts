import { type Clock, ContactmeshError, ErrorCode, type QoS, type TimerHandle } from '@contactmesh/core';
import type { RawData, WebSocket } from 'ws';
import { type HubMessage, toHubMessage } from '../memory/hub-message.js';
import { CloseCode } from './close-codes.js';
import { decodeFrame, encodeFrame } from './frame-codec.js';
import { ClientFrame, RELAY_PROTOCOL_VERSION } from './frames.js';
import type { BrokerPeer, RelayBroker } from './relay-broker.js';
import type { RelayEvent } from './relay-events.js';
import type { ResolvedRelayOptions } from './relay-options.js';

/** What a connection needs from its relay. */
export interface ConnectionContext {
  readonly broker: RelayBroker;
  readonly options: ResolvedRelayOptions;
  readonly report: (event: RelayEvent) => void;
}

/**
 * One participant's socket on the relay: waits for its hello, turns each frame into a broker call
 * (answering bad ones with a coded `error` frame), pings it, and on loss without a `bye` fires its will.
 */
export class RelayConnection implements BrokerPeer {
  readonly #socket: WebSocket;
  readonly #ctx: ConnectionContext;
  readonly #clock: Clock;
  #id: string | undefined;
  #will: HubMessage | undefined;
  #clean = false;
  #timer: TimerHandle | undefined;
  #pongTimer: TimerHandle | undefined;

  constructor(socket: WebSocket, ctx: ConnectionContext) {
    this.#socket = socket;
    this.#ctx = ctx;
    this.#clock = ctx.options.clock;
    socket.on('message', (data) => this.#receive(data));
    socket.on('pong', () => this.#clearPong());
    socket.on('close', () => this.#gone());
    // An oversized or broken frame: ws closes the socket itself (1009, 1007, 1002) and 'close'
    // follows. No error frame can answer it, but it is counted and reported like any refused frame.
    socket.on('error', (error: Error & { code?: string }) =>
      ctx.report({ kind: 'rejected', id: this.#id, code: protocolErrorCode(error.code), closed: true }),
    );
    this.#timer = this.#clock.setTimer(ctx.options.helloTimeoutMs, () => this.#timeout('hello'));
  }

  get id(): string {
    return this.#id ?? '';
  }

  deliver(sid: number, topic: string, payload: Uint8Array, qos: QoS, retained: boolean): void {
    this.#send({ type: 'msg', sid, topic, qos, retained }, payload);
    if (this.#socket.bufferedAmount > this.#ctx.options.maxBufferedBytes) {
      this.#socket.close(CloseCode.TRY_AGAIN_LATER, 'too slow: send buffer over maxBufferedBytes');
    }
  }

  #receive(data: RawData): void {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
    const decoded = decodeFrame(ClientFrame, bytes, this.#ctx.options.maxFrameBytes);
    if (!decoded.ok) {
      this.#reject(decoded.error, {});
      return;
    }
    const { header: frame, payload } = decoded.value;
    const { broker, options } = this.#ctx;
    if (this.#id === undefined && frame.type !== 'hello') {
      this.#reject(new ContactmeshError(ErrorCode.INVALID_STATE, `Say hello before ${frame.type}.`), {}, CloseCode.POLICY);
      return;
    }
    switch (frame.type) {
      case 'hello': {
        if (this.#id !== undefined) {
          this.#reject(new ContactmeshError(ErrorCode.INVALID_STATE, 'Say hello only once.'), {});
          return;
        }
        const will = frame.will === undefined ? undefined : toHubMessage(frame.will.topic, payload, frame.will, options.limits);
        if (will !== undefined && !will.ok) {
          this.#reject(will.error, {}, CloseCode.POLICY);
          return;
        }
        this.#id = frame.id;
        const joined = broker.join(this);
        if (!joined.ok) {
          this.#id = undefined;
          this.#reject(joined.error, {}, CloseCode.DUPLICATE);
          return;
        }
        this.#will = will?.value;
        this.#clearTimer();
        this.#ctx.report({ kind: 'joined', id: frame.id });
        this.#send({ type: 'welcome', v: RELAY_PROTOCOL_VERSION, maxPayloadBytes: options.limits.maxPayloadBytes });
        this.#scheduleHeartbeat();
        return;
      }
      case 'sub': {
        const retained = broker.subscribe(this, frame.sid, frame.filter, frame.qos);
        if (!retained.ok) {
          this.#reject(retained.error, { sid: frame.sid });
          return;
        }
        this.#send({ type: 'suback', sid: frame.sid });
        for (const m of retained.value) this.deliver(frame.sid, m.topic, m.payload, m.qos, true);
        return;
      }
      case 'unsub':
        broker.unsubscribe(this, frame.sid);
        return;
      case 'pub': {
        const message = toHubMessage(frame.topic, payload, frame, options.limits);
        if (!message.ok) {
          this.#reject(message.error, { mid: frame.mid });
          return;
        }
        broker.publish(this, message.value);
        if (frame.qos === 1) this.#send({ type: 'puback', mid: frame.mid });
        return;
      }
      case 'bye':
        this.#clean = true;
        broker.leave(this, undefined);
        this.#socket.close(CloseCode.NORMAL, 'bye');
        return;
    }
  }

  #reject(error: ContactmeshError, ref: { mid?: number; sid?: number }, close?: number): void {
    this.#ctx.report({ kind: 'rejected', id: this.#id, code: error.code, closed: close !== undefined });
    this.#send({ type: 'error', code: error.code, message: error.message.slice(0, 4096), ...ref });
    if (close !== undefined) this.#socket.close(close, error.code);
  }

  #scheduleHeartbeat(): void {
    this.#timer = this.#clock.setTimer(this.#ctx.options.heartbeatIntervalMs, () => {
      this.#socket.ping();
      this.#pongTimer ??= this.#clock.setTimer(this.#ctx.options.heartbeatTimeoutMs, () => this.#timeout('heartbeat'));
      this.#scheduleHeartbeat();
    });
  }

  #timeout(what: 'hello' | 'heartbeat'): void {
    this.#ctx.report({ kind: 'timeout', id: this.#id, what });
    this.#socket.terminate();
  }

  #gone(): void {
    this.#clearTimer();
    this.#clearPong();
    if (this.#id === undefined) return;
    const will = this.#clean ? undefined : this.#will;
    this.#ctx.broker.leave(this, will);
    this.#ctx.report({ kind: 'left', id: this.#id, clean: this.#clean, will: will !== undefined });
    this.#id = undefined;
  }

  #send(header: object, payload?: Uint8Array): void {
    if (this.#socket.readyState !== this.#socket.OPEN) return;
    this.#socket.send(encodeFrame(header, payload));
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
  }

  #clearPong(): void {
    if (this.#pongTimer !== undefined) this.#clock.clearTimer(this.#pongTimer);
    this.#pongTimer = undefined;
  }
}

/** The code of a frame `ws` refused before the relay saw it: too big (1009), text that is not UTF-8 (1007), or broken framing (1002). */
function protocolErrorCode(wsCode: string | undefined): ErrorCode {
  if (wsCode === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return ErrorCode.PAYLOAD_TOO_LARGE;
  if (wsCode === 'WS_ERR_INVALID_UTF8') return ErrorCode.MALFORMED_JSON;
  return ErrorCode.INVALID_MESSAGE;
}
