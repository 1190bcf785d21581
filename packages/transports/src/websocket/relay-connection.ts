import { type Clock, ContactmeshError, ErrorCode, isContactmeshError, preview, type QoS, type TimerHandle } from '@contactmesh/core';
import type { RawData, WebSocket } from 'ws';
import { type HubMessage, toHubMessage } from '../shared/hub-message.js';
import { CloseCode } from './close-codes.js';
import { decodeFrame, encodeFrame } from './frame-codec.js';
import { ClientFrame, RELAY_PROTOCOL_VERSION } from './frames.js';
import { MsgFrames } from './msg-frames.js';
import { checkPublication } from './publication-check.js';
import { PublishRateLimit, rateLimited } from './rate-limit.js';
import type { BrokerPeer, RelayBroker, Routed } from './relay-broker.js';
import type { RelayEvent, RelayTally } from './relay-events.js';
import { type Refusal, RelayGrants, type RelayIdentity } from './relay-identity.js';
import type { ResolvedRelayOptions } from './relay-options.js';
import { RelaySender } from './relay-sender.js';

/** What a connection needs from its relay. */
export interface ConnectionContext {
  readonly broker: RelayBroker;
  readonly options: ResolvedRelayOptions;
  readonly report: (event: RelayEvent) => void;
  /** Counters every connection adds to, for `relay.stats()`. */
  readonly tally: RelayTally;
}

/**
 * One participant's socket on the relay: waits for its hello, turns each frame into a broker call
 * (answering bad ones with a coded `error` frame), holds its publications to its rate limit and,
 * when `authenticate` bound it to an identity, its hello, will, publications and subscriptions to
 * that identity's grants; sends to it through its {@link RelaySender}, pings it, and on loss
 * without a `bye` fires its will.
 */
export class RelayConnection implements BrokerPeer {
  readonly #socket: WebSocket;
  readonly #ctx: ConnectionContext;
  readonly #clock: Clock;
  readonly #sender: RelaySender;
  readonly #rate: PublishRateLimit | undefined;
  readonly #coalescing: boolean;
  /** Undefined for a connection `authenticate` let in unbound (`true`): it may use any topic. */
  readonly #grants: RelayGrants | undefined;
  #id: string | undefined;
  #will: HubMessage | undefined;
  #clean = false;
  #timer: TimerHandle | undefined;
  #pongTimer: TimerHandle | undefined;

  constructor(socket: WebSocket, ctx: ConnectionContext, identity?: RelayIdentity) {
    this.#socket = socket;
    this.#grants = identity === undefined ? undefined : new RelayGrants(identity);
    this.#ctx = ctx;
    this.#clock = ctx.options.clock;
    const { tally, options } = ctx;
    this.#sender = new RelaySender(socket, options, {
      tooSlow: () => this.#tooSlow(),
      coalesced: () => {
        tally.coalesced += 1;
      },
      held: (delta) => {
        tally.held += delta;
      },
    });
    this.#rate = options.rateLimit === false ? undefined : new PublishRateLimit(options.rateLimit, this.#clock);
    this.#coalescing = options.slowConsumer === 'coalesce';
    socket.on('message', (data) => this.#guarded(data));
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

  deliver(sid: number, message: Routed, qos: QoS, retained: boolean): void {
    message.frames ??= new MsgFrames(message.topic, message.payload);
    const frame = message.frames.frame(sid, qos, retained);
    // Only the latest value of a retained topic matters, and at QoS 0 the subscriber accepted losing some.
    const mergeable = this.#coalescing && message.retain && qos === 0;
    this.#sender.deliver(frame, mergeable ? `${sid}:${message.topic}` : undefined);
  }

  // A throw out of a 'message' listener would end the relay's process, and every participant's
  // connection with it: whatever one frame sets off is refused like a bad frame instead.
  #guarded(data: RawData): void {
    try {
      this.#receive(data);
    } catch (error) {
      this.#reject(unhandledFrame(error), {}, this.#strangerClose());
    }
  }

  /** A connection that has not said who it is gets one answer to a frame the relay cannot take, then is closed (1008). */
  #strangerClose(): number | undefined {
    return this.#id === undefined ? CloseCode.POLICY : undefined;
  }

  #receive(data: RawData): void {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
    // The payload is a view of the socket's bytes: routed at once (copied into msg frames), or copied to be kept.
    const { maxFrameBytes, limits } = this.#ctx.options;
    const decoded = decodeFrame(ClientFrame, bytes, maxFrameBytes, limits.maxJsonDepth);
    if (!decoded.ok) {
      this.#reject(decoded.error, {}, this.#strangerClose());
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
        if (this.#refused(this.#grants?.hello(frame.id, will?.value.topic), {}, CloseCode.POLICY)) return;
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
        if (this.#refused(this.#grants?.subscription(frame.filter), { sid: frame.sid })) return;
        const retained = broker.subscribe(this, frame.sid, frame.filter, frame.qos);
        if (!retained.ok) {
          this.#reject(retained.error, { sid: frame.sid });
          return;
        }
        this.#send({ type: 'suback', sid: frame.sid });
        for (const { message, qos } of retained.value) this.deliver(frame.sid, message, qos, true);
        return;
      }
      case 'unsub':
        broker.unsubscribe(this, frame.sid);
        return;
      case 'pub': {
        // Before anything else, so that a flood of bad publications is held to the limit too.
        if (this.#overRate(frame.mid, frame.topic)) return;
        const message = checkPublication(frame.topic, payload, frame, options.limits, keepView);
        if (!message.ok) {
          this.#reject(message.error, { mid: frame.mid });
          return;
        }
        if (this.#refused(this.#grants?.publication(frame.topic), { mid: frame.mid })) return;
        broker.publish(this, message.value);
        if (frame.qos === 1) this.#send({ type: 'puback', mid: frame.mid });
        return;
      }
      case 'ping':
        this.#send({ type: 'pong' });
        return;
      case 'bye':
        this.#clean = true;
        broker.leave(this, undefined);
        this.#socket.close(CloseCode.NORMAL, 'bye');
        return;
    }
  }

  /** Takes a token for one publication, or refuses it: the once too often, closing the connection. */
  #overRate(mid: number, topic: string): boolean {
    const rate = this.#rate;
    const verdict = rate?.take() ?? 'accept';
    if (rate === undefined || verdict === 'accept') return false;
    this.#ctx.tally.rateLimited += 1;
    const close = verdict === 'close' ? CloseCode.RATE_LIMITED : undefined;
    this.#reject(rateLimited(this.id, topic, rate.options), { mid }, close);
    return true;
  }

  /** Counts a refusal outside the connection's identity and answers it (closing the connection for a hello). */
  #refused(refusal: Refusal | undefined, ref: { mid?: number; sid?: number }, close?: number): boolean {
    if (refusal === undefined) return false;
    this.#ctx.tally.notAuthorized += 1;
    this.#reject(refusal.error, ref, close, refusal.topic);
    return true;
  }

  #reject(error: ContactmeshError, ref: { mid?: number; sid?: number }, close?: number, topic?: string): void {
    this.#ctx.report({
      kind: 'rejected',
      id: this.#id,
      code: error.code,
      closed: close !== undefined,
      ...(topic === undefined ? {} : { topic }),
    });
    const frame = encodeFrame({ type: 'error', code: error.code, message: error.message.slice(0, 4096), ...ref });
    if (close === undefined) {
      this.#sender.control(frame);
      return;
    }
    // The reason goes out ahead of anything held, which the close throws away.
    this.#sender.last(frame);
    this.#socket.close(close, error.code);
  }

  #tooSlow(): void {
    this.#ctx.report({ kind: 'slow', id: this.id, policy: this.#ctx.options.slowConsumer });
    this.#socket.close(CloseCode.TRY_AGAIN_LATER, 'too slow: unsent bytes over maxBufferedBytes');
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
    this.#sender.discard();
    if (this.#id === undefined) return;
    const will = this.#clean ? undefined : this.#will;
    this.#ctx.broker.leave(this, will);
    this.#ctx.report({ kind: 'left', id: this.#id, clean: this.#clean, will: will !== undefined });
    this.#id = undefined;
  }

  #send(header: object): void {
    this.#sender.control(encodeFrame(header));
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

/** What a frame that threw while it was handled is refused with: its own code, or `CM_ERR_EFFECT_FAILED`. */
function unhandledFrame(error: unknown): ContactmeshError {
  if (isContactmeshError(error)) return error;
  const reason = error instanceof Error ? error.message : error;
  return new ContactmeshError(
    ErrorCode.EFFECT_FAILED,
    `The relay could not carry out this frame (${typeof reason === 'string' ? reason.slice(0, 200) : preview(reason, 200)}); it was dropped and the connection goes on.`,
    {},
    { cause: error },
  );
}

// A publication's bytes stay where the frame has them: they are written into msg frames before the next frame is read.
const keepView = (payload: Uint8Array): Uint8Array => payload;

/** The code of a frame `ws` refused before the relay saw it: too big (1009), text that is not UTF-8 (1007), or broken framing (1002). */
function protocolErrorCode(wsCode: string | undefined): ErrorCode {
  if (wsCode === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return ErrorCode.PAYLOAD_TOO_LARGE;
  if (wsCode === 'WS_ERR_INVALID_UTF8') return ErrorCode.MALFORMED_JSON;
  return ErrorCode.INVALID_MESSAGE;
}
