import type { QoS } from '@contactmesh/core';
import { frameOf } from './frame-codec.js';
import { pooledBytes } from './pooled-bytes.js';

/**
 * The `msg` frames of one publication, each encoded once: only the subscription id, QoS and
 * `retained` differ between subscribers, so the topic is escaped once and subscribers with the
 * same three share one frame (ids are per-connection counters: many participants' first
 * subscription is 1). The relay never changes a frame once sent — `ws` does not mask what a
 * server sends — so sharing the bytes is safe.
 *
 * @example
 * ```ts
 * const frames = new MsgFrames('cm/demo/inbox/london', payload);
 * socket.send(frames.frame(1, 1, false));
 * ```
 */
export class MsgFrames {
  readonly #topic: string;
  readonly #payload: Uint8Array;
  // Most publications go to one subscription, or to many of the same id: the first frame is kept
  // in fields, any others by key.
  #first: { readonly sid: number; readonly qos: QoS; readonly retained: boolean; readonly frame: Uint8Array } | undefined;
  #others: Map<string, Uint8Array> | undefined;

  constructor(topic: string, payload: Uint8Array) {
    this.#topic = JSON.stringify(topic);
    this.#payload = payload;
  }

  frame(sid: number, qos: QoS, retained: boolean): Uint8Array {
    const first = this.#first;
    if (first === undefined) {
      const frame = this.#encode(sid, qos, retained);
      this.#first = { sid, qos, retained, frame };
      return frame;
    }
    if (first.sid === sid && first.qos === qos && first.retained === retained) return first.frame;
    const key = `${sid},${qos},${retained}`;
    this.#others ??= new Map();
    let frame = this.#others.get(key);
    if (frame === undefined) {
      frame = this.#encode(sid, qos, retained);
      this.#others.set(key, frame);
    }
    return frame;
  }

  #encode(sid: number, qos: QoS, retained: boolean): Uint8Array {
    // What JSON.stringify({ type: 'msg', sid, topic, qos, retained }) gives: sid and qos are integers.
    return frameOf(`{"type":"msg","sid":${sid},"topic":${this.#topic},"qos":${qos},"retained":${retained}}`, this.#payload, pooledBytes);
  }
}
