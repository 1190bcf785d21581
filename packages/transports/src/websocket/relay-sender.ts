import type { WebSocket } from 'ws';
import type { ResolvedRelayOptions } from './relay-options.js';

/** What a sender tells its connection. */
export interface SenderEvents {
  /** More than `maxBufferedBytes` wait for the participant: close it (it is sent nothing more). */
  tooSlow(): void;
  /** A held delivery was replaced by a newer one of the same key. */
  coalesced(): void;
  /** The number of frames held changed by `delta`. */
  held(delta: number): void;
}

interface Held {
  readonly frame: string | Uint8Array;
  readonly bytes: number;
}

/**
 * Everything the relay sends one participant goes through here, in order. Under `slowConsumer:
 * 'drop'` frames go straight to the socket and a participant with more than `maxBufferedBytes`
 * unsent after a delivery is too slow. Under `'coalesce'`, once the socket has more than
 * `lowWaterBytes` unsent, frames are held instead, in one insertion-ordered map: a delivery with a
 * merge key (a retained topic's value at QoS 0, keyed by subscription and topic) replaces the held
 * one of that key and moves to the end, every other frame gets a key of its own. So per-topic order
 * holds and only superseded retained values are lost. When the socket drains (the write callback of
 * a ping sent after the buffered bytes), held frames go out until it is over `lowWaterBytes` again.
 * Held bytes plus the socket's unsent ones over `maxBufferedBytes`: too slow all the same.
 */
export class RelaySender {
  readonly #socket: WebSocket;
  readonly #o: ResolvedRelayOptions;
  readonly #on: SenderEvents;
  readonly #held = new Map<string | number, Held>();
  #heldBytes = 0;
  #seq = 0;
  #draining = false;
  #done = false;

  constructor(socket: WebSocket, options: ResolvedRelayOptions, on: SenderEvents) {
    this.#socket = socket;
    this.#o = options;
    this.#on = on;
  }

  /** A frame that is not a delivery (welcome, suback, puback, error, pong): never merged, never dropped. */
  control(frame: string | Uint8Array): void {
    if (!this.#open()) return;
    if (this.#o.slowConsumer === 'coalesce' && this.#mustHold()) this.#hold(++this.#seq, frame);
    else this.#socket.send(frame);
  }

  /** A delivery; `mergeKey` when a later delivery of the same key may replace it while it is held. */
  deliver(frame: string | Uint8Array, mergeKey: string | undefined): void {
    if (!this.#open()) return;
    if (this.#o.slowConsumer === 'drop') {
      this.#socket.send(frame);
      if (this.#socket.bufferedAmount > this.#o.maxBufferedBytes) this.#tooSlow();
    } else if (this.#mustHold()) {
      this.#hold(mergeKey ?? ++this.#seq, frame);
    } else {
      this.#socket.send(frame);
    }
  }

  /** The frame before a close: it goes at once, and what is held is forgotten (the close would lose it anyway). */
  last(frame: string | Uint8Array): void {
    const open = this.#open();
    this.discard();
    if (open) this.#socket.send(frame);
  }

  /** The connection is gone or going: what is held is forgotten. */
  discard(): void {
    this.#done = true;
    this.#on.held(-this.#held.size);
    this.#held.clear();
    this.#heldBytes = 0;
  }

  #open(): boolean {
    return !this.#done && this.#socket.readyState === this.#socket.OPEN;
  }

  // Once anything is held, everything after it is too: frames leave in the order they came.
  #mustHold(): boolean {
    return this.#held.size > 0 || this.#socket.bufferedAmount > this.#o.lowWaterBytes;
  }

  #hold(key: string | number, frame: string | Uint8Array): void {
    const replaced = this.#held.get(key);
    if (replaced !== undefined) {
      this.#held.delete(key);
      this.#heldBytes -= replaced.bytes;
      this.#on.coalesced();
    }
    const bytes = typeof frame === 'string' ? Buffer.byteLength(frame) : frame.byteLength;
    this.#held.set(key, { frame, bytes });
    this.#heldBytes += bytes;
    if (replaced === undefined) this.#on.held(1);
    if (this.#heldBytes + this.#socket.bufferedAmount > this.#o.maxBufferedBytes) {
      this.#tooSlow();
      return;
    }
    this.#whenDrained();
  }

  #whenDrained(): void {
    if (this.#draining) return;
    this.#draining = true;
    // The callback runs once the ping is written, so once everything buffered before it is.
    this.#socket.ping(undefined, undefined, () => {
      this.#draining = false;
      this.#flush();
    });
  }

  #flush(): void {
    if (!this.#open()) return;
    let sent = 0;
    for (const [key, held] of this.#held) {
      if (this.#socket.bufferedAmount > this.#o.lowWaterBytes) break;
      this.#held.delete(key);
      this.#heldBytes -= held.bytes;
      sent += 1;
      this.#socket.send(held.frame);
    }
    this.#on.held(-sent);
    if (this.#held.size > 0) this.#whenDrained();
  }

  #tooSlow(): void {
    this.discard();
    this.#on.tooSlow();
  }
}
