import type { Clock, TimerHandle } from '@contactmesh/core';

/** What a heartbeat does when it is time: ask the relay, or give the connection up. */
export interface HeartbeatActions {
  /** Send a `ping` frame. */
  ping(): void;
  /** Nothing was heard for `intervalMs` + `timeoutMs`: the connection is dead, though no close came. */
  silent(): void;
}

/**
 * A client's watch on a relay that may go silent without closing (a half-open TCP connection: a
 * NAT, a proxy or a peer that vanished). Any frame from the relay counts as a sign of life. After
 * `intervalMs` without one it pings; if `timeoutMs` more pass without one, the relay is
 * {@link HeartbeatActions.silent}. Hearing a frame costs a clock read, no timer: the timer is
 * moved only when it fires, so a busy connection pays nothing per message.
 *
 * @example
 * ```ts
 * const heartbeat = new ClientHeartbeat(clock, 15_000, 10_000, { ping: () => send({ type: 'ping' }), silent: () => reconnect() });
 * heartbeat.start(); // once welcomed; heartbeat.heard() on every frame; heartbeat.stop() when the socket goes
 * ```
 */
export class ClientHeartbeat {
  readonly #clock: Clock;
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #on: HeartbeatActions;
  #timer: TimerHandle | undefined;
  #heardAt = 0;
  #pingedAt: number | undefined;

  /** `intervalMs` 0 turns the heartbeat off. */
  constructor(clock: Clock, intervalMs: number, timeoutMs: number, on: HeartbeatActions) {
    this.#clock = clock;
    this.#intervalMs = intervalMs;
    this.#timeoutMs = timeoutMs;
    this.#on = on;
  }

  /** Starts watching a new connection, as if a frame had just been heard. */
  start(): void {
    this.stop();
    if (this.#intervalMs === 0) return;
    this.#heardAt = this.#clock.now();
    this.#timer = this.#clock.setTimer(this.#intervalMs, this.#check);
  }

  heard(): void {
    this.#heardAt = this.#clock.now();
  }

  stop(): void {
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#pingedAt = undefined;
  }

  readonly #check = (): void => {
    const now = this.#clock.now();
    if (this.#pingedAt !== undefined && this.#heardAt < this.#pingedAt) {
      this.#timer = undefined;
      this.#pingedAt = undefined;
      this.#on.silent();
      return;
    }
    this.#pingedAt = undefined;
    const quietFor = now - this.#heardAt;
    if (quietFor < this.#intervalMs) {
      this.#timer = this.#clock.setTimer(this.#intervalMs - quietFor, this.#check);
      return;
    }
    this.#pingedAt = now;
    this.#timer = this.#clock.setTimer(this.#timeoutMs, this.#check);
    this.#on.ping();
  };
}
