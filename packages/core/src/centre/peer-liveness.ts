import { type Observable, Subject } from 'rxjs';
import { heartbeatMachine, type PresencePolicy, peerWatchMachine } from '../machines/liveness/machine.js';
import type { PresenceBody } from '../protocol/messages/presence.js';
import type { Runtime } from '../runtime/runtime.js';

/** A peer fell silent (no heartbeat for its allowance), or spoke again. */
export interface PeerLivenessEvent {
  readonly type: 'peer.silent' | 'peer.speaking';
  readonly centre: string;
}

/**
 * A centre's sign of life and its peers' (docs/network.md, "Sign of life"): hosts the heartbeat
 * statechart, on whose beat the centre announces itself again, and a watch statechart for each
 * peer whose presence says it beats; keeps which peers are silent and says when one falls silent
 * or speaks again.
 */
export class PeerLiveness {
  readonly #silent = new Set<string>();
  /** The watch actor of each peer that beats, by centre, and how to stop watching it. */
  readonly #watches = new Map<string, { readonly address: string; readonly unwatch: () => void }>();
  readonly #events = new Subject<PeerLivenessEvent>();
  #stopped = false;
  /** Peers falling silent and speaking again. */
  readonly events$: Observable<PeerLivenessEvent> = this.#events.asObservable();

  constructor(
    private readonly runtime: Runtime,
    private readonly policy: PresencePolicy,
    /** Announces this centre's presence again. */
    announce: () => void,
    /** A peer fell silent or spoke again: what is fed of it must be fed again. */
    private readonly changed: (centre: string) => void,
  ) {
    if (policy.heartbeatMs === null) return;
    const heartbeat = runtime.host('heartbeat', 'main', heartbeatMachine, { input: { everyMs: policy.heartbeatMs } });
    runtime.watch(heartbeat, (event) => {
      if (event.type === 'heartbeat.due' && !this.#stopped) announce();
    });
  }

  isSilent(centre: string): boolean {
    return this.#silent.has(centre);
  }

  stop(): void {
    this.#stopped = true;
    this.#events.complete();
  }

  /**
   * A peer's presence: a word from it, for its watch (started on the first presence that says how
   * often it beats). One that no longer beats, or is offline, is no longer watched.
   */
  heard(presence: PresenceBody): void {
    const { centre, heartbeatMs } = presence;
    if (presence.status === 'offline' || heartbeatMs === undefined) {
      this.forget(centre);
      return;
    }
    const silentAfterMs = heartbeatMs * this.policy.silentAfterBeats;
    const watch = this.#watches.get(centre);
    if (watch !== undefined) {
      this.runtime.deliver(watch.address, { type: 'peer.heard', silentAfterMs });
      return;
    }
    const address = this.runtime.host('peer', centre, peerWatchMachine, { input: { centre, silentAfterMs } });
    const unwatch = this.runtime.watch(address, () => {
      const value = this.runtime.snapshot<typeof peerWatchMachine>(address)?.value;
      if (value !== undefined) this.#speaks(centre, value === 'speaking');
    });
    this.#watches.set(centre, { address, unwatch });
  }

  /**
   * A peer gone offline (its will, a goodbye, a cleared presence): its watch ends, and it is not
   * silent any more — not speaking either: offline is its presence's to say, and nothing is told.
   */
  forget(centre: string): void {
    const watch = this.#watches.get(centre);
    if (watch !== undefined) {
      this.#watches.delete(centre);
      watch.unwatch();
      this.runtime.remove(watch.address);
    }
    this.#silent.delete(centre);
  }

  #speaks(centre: string, speaking: boolean): void {
    if (speaking !== this.#silent.has(centre)) return;
    if (speaking) this.#silent.delete(centre);
    else this.#silent.add(centre);
    if (!this.#stopped) this.#events.next({ type: speaking ? 'peer.speaking' : 'peer.silent', centre });
    this.changed(centre);
  }
}
