import type { Subject } from 'rxjs';
import type { EventObject } from 'xstate';
import type { ClearEffect, OutgoingMessage, PublishEffect, SendEffect } from '../effects/effects.js';
import { ErrorCode } from '../errors/codes.js';
import { isContactmeshError } from '../errors/contactmesh-error.js';
import type { Limits } from '../limits.js';
import { parseAddress } from '../protocol/address.js';
import { decode } from '../protocol/decode.js';
import { encode } from '../protocol/encode.js';
import type { Envelope, MessageRegistry } from '../protocol/registry.js';
import type { NetworkTopics } from '../protocol/topics.js';
import { ok, type Result } from '../result.js';
import type { MessageSigning } from '../signing/message-signing.js';
import type { PublishOptions, Transport } from '../transport/transport.js';
import type { RuntimeEvent, RuntimeStats } from './runtime-events.js';

interface OutboundContext {
  readonly centre: string;
  readonly transport: Transport;
  readonly topics: NetworkTopics;
  readonly limits: Limits;
  readonly stats: RuntimeStats;
  readonly events: Subject<RuntimeEvent>;
  readonly envelope: (from: string, message: OutgoingMessage, to?: string) => Envelope;
  readonly deliverLocal: (to: string, event: EventObject) => void;
  readonly registry: MessageRegistry;
  /** Check local sends as if they crossed the wire, and deliver a fresh copy. */
  readonly checkLocal: boolean;
  /** With signatures on: signs every message that leaves this centre. */
  readonly signing?: MessageSigning;
  /** Whether an actor is hosted at `address` now. */
  readonly hosted: (address: string) => boolean;
}

/**
 * Carries out the effects that leave an actor: sends (local ones go straight to the target
 * without serialization, remote ones to the target centre's inbox), publications and clears.
 * A failure becomes an `effect.failed` event; it never reaches the machine that emitted it.
 */
export class OutboundEffects {
  /**
   * The last snapshot each live actor of this centre published retained on its replica topic
   * (`replica/{address}`), by topic: at most one per hosted actor (forgotten when it is removed or
   * clears its topic).
   */
  readonly #replicas = new Map<string, OutgoingMessage>();

  constructor(private readonly context: OutboundContext) {}

  /** What each live actor of this centre last published retained on its replica topic. */
  replicas(): { readonly topic: string; readonly message: OutgoingMessage }[] {
    return [...this.#replicas].map(([topic, message]) => ({ topic, message }));
  }

  /** The actor at `address` is gone: what it published is not its centre's to say again. */
  forget(address: string): void {
    this.#replicas.delete(`replica/${address}`);
  }

  carryOut(from: string, effect: SendEffect | PublishEffect | ClearEffect): void {
    if (effect.type === 'effect.send') this.#send(from, effect);
    else if (effect.type === 'effect.publish') this.#publish(from, effect);
    else {
      this.context.stats.published += 1;
      this.#replicas.delete(effect.topic);
      this.#transmit(from, effect, this.context.topics.absolute(effect.topic), new Uint8Array(0), { retain: true, qos: 1 });
    }
  }

  #send(from: string, effect: SendEffect): void {
    const { centre, stats, topics } = this.context;
    const target = parseAddress(effect.to);
    if (!target.ok) {
      this.#fail(from, effect, target.error.code, target.error.message);
      return;
    }
    const message = this.context.envelope(from, effect.message, effect.to);
    if (target.value.centre === centre && !this.context.checkLocal) {
      stats.sentLocal += 1;
      this.context.deliverLocal(effect.to, message);
      return;
    }
    const inbox = target.value.centre === centre ? undefined : topics.inbox(target.value.centre, centre);
    const bytes = this.#bytes(message, inbox);
    if (!bytes.ok) {
      this.#fail(from, effect, bytes.error.code, bytes.error.message);
      return;
    }
    if (inbox === undefined) {
      // What the receiver would decode had it come over the wire: same checks, a fresh copy.
      const { maxPayloadBytes, maxJsonDepth } = this.context.limits;
      const decoded = decode(bytes.value, { registry: this.context.registry, maxPayloadBytes, maxJsonDepth });
      if (!decoded.ok) {
        this.#fail(from, effect, decoded.error.code, decoded.error.message);
        return;
      }
      stats.sentLocal += 1;
      this.context.deliverLocal(effect.to, decoded.value);
      return;
    }
    stats.sentRemote += 1;
    this.#transmit(from, effect, inbox, bytes.value, { qos: effect.qos ?? 1 });
  }

  #publish(from: string, effect: PublishEffect): void {
    const topic = this.context.topics.absolute(effect.topic);
    const bytes = this.#bytes(this.context.envelope(from, effect.message), topic);
    if (!bytes.ok) {
      this.#fail(from, effect, bytes.error.code, bytes.error.message);
      return;
    }
    this.context.stats.published += 1;
    if (effect.retain === true && effect.topic.startsWith(`replica/${this.context.centre}/`) && this.context.hosted(effect.topic.slice(8)))
      this.#replicas.set(effect.topic, effect.message);
    this.#transmit(from, effect, topic, bytes.value, {
      retain: effect.retain ?? false,
      qos: effect.qos ?? 1,
      ...(effect.expirySeconds === undefined ? {} : { expirySeconds: effect.expirySeconds }),
    });
  }

  /** The message's bytes for `topic`, signed when signatures are on; for this centre's own actors (no topic), unsigned. */
  #bytes(message: Envelope, topic: string | undefined): Result<Uint8Array> {
    const { limits, signing } = this.context;
    if (signing === undefined || topic === undefined) return encode(message, limits.maxPayloadBytes);
    const bytes = encode(message, limits.maxPayloadBytes - signing.overhead);
    return bytes.ok ? ok(signing.seal(topic, bytes.value)) : bytes;
  }

  #transmit(from: string, effect: SendEffect | PublishEffect | ClearEffect, topic: string, payload: Uint8Array, options: PublishOptions) {
    this.context.transport.publish(topic, payload, options).catch((error: unknown) => {
      const code = isContactmeshError(error) ? error.code : ErrorCode.EFFECT_FAILED;
      this.#fail(from, effect, code, error instanceof Error ? error.message : String(error));
    });
  }

  #fail(address: string, effect: SendEffect | PublishEffect | ClearEffect, code: ErrorCode, reason: string): void {
    this.context.stats.failedEffects += 1;
    this.context.events.next({ type: 'effect.failed', code, reason, address, effect });
  }
}
