import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type {
  ConnectionState,
  ConnectOptions,
  InboundMessage,
  PublishOptions,
  SubscribeOptions,
  Transport,
  TransportGuarantees,
} from '@contactmesh/core';
import { createMqttTransport, type MqttTransport } from '@contactmesh/transports/mqtt';
import { filter, firstValueFrom, type Observable } from 'rxjs';
import type { ContractEnv, MakeContractEnv } from './contract-env.js';

/** One id per test run: in client ids and topics, so runs on a shared broker never meet. */
export const runId = `${process.pid}-${randomBytes(4).toString('hex')}`;

/**
 * A transport under test, as the suite sees it. MQTT orders nothing between one client's SUBSCRIBE
 * and another's PUBLISH, while the suite (written for in-process hubs too) publishes right after
 * subscribing elsewhere: so each publish first waits until the broker has acknowledged every
 * subscription of the env. It also notes retained topics, which the env clears when it is done.
 */
class EnvTransport implements Transport {
  constructor(
    readonly inner: MqttTransport,
    readonly env: { readonly all: readonly MqttTransport[]; readonly retainedTopics: Set<string> },
  ) {}

  get id(): string {
    return this.inner.id;
  }
  get guarantees(): TransportGuarantees {
    return this.inner.guarantees;
  }
  get state$(): Observable<ConnectionState> {
    return this.inner.state$;
  }
  get state(): ConnectionState {
    return this.inner.state;
  }
  connect(options?: ConnectOptions): Promise<void> {
    return this.inner.connect(options);
  }
  async publish(topic: string, payload: Uint8Array | string, options?: PublishOptions): Promise<void> {
    await Promise.all(this.env.all.map((t) => t.whenSubscribed()));
    if (options?.retain === true) this.env.retainedTopics.add(topic);
    return this.inner.publish(topic, payload, options);
  }
  subscribe(filter: string, options?: SubscribeOptions): Observable<InboundMessage> {
    return this.inner.subscribe(filter, options);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

let envs = 0;

/** Barrier markers one transport has received on the env's settle topic. */
class SettleProbe {
  readonly #seen = new Set<string>();
  readonly #waiting = new Map<string, () => void>();
  #gone = false;

  constructor(transport: MqttTransport, topic: string) {
    transport.subscribe(topic).subscribe({
      next: (message) => {
        const marker = new TextDecoder().decode(message.payload);
        this.#seen.add(marker);
        this.#waiting.get(marker)?.();
      },
      complete: () => this.#end(),
    });
    // A transport that is not connected receives nothing: the round does not wait for it.
    transport.state$.subscribe((state) => {
      if (state !== 'connected') this.#end();
    });
  }

  /** Resolves once `marker` has arrived, or at once when this transport is not connected. */
  async received(marker: string): Promise<void> {
    if (this.#gone || this.#seen.has(marker)) return;
    await new Promise<void>((resolve) => this.#waiting.set(marker, resolve));
    this.#waiting.delete(marker);
  }

  #end(): void {
    this.#gone = true;
    for (const resolve of this.#waiting.values()) resolve();
  }
}

/**
 * The contract env for a broker at `url()`: one MQTT connection per participant, plus a settler.
 * `settle()` is a round of barrier messages: the settler publishes a marker to a topic every
 * connection subscribes to, and the round ends when every connected participant has it — so
 * whatever the broker sent a participant before has arrived, however slow the broker's sockets
 * (Mosquitto leaves Nagle on unless `set_tcp_nodelay true`). A crash destroys the participant's
 * socket, so the broker publishes its will.
 */
export function mqttEnv(url: () => string): MakeContractEnv {
  return async () => {
    const topicPrefix = `cm-contract/${runId}`;
    const clientIdPrefix = `cm-${runId}-`;
    const all: MqttTransport[] = [];
    const probes: SettleProbe[] = [];
    const sockets = new Map<string, Socket>();
    const latest = new Map<string, MqttTransport>();
    const retainedTopics = new Set<string>();
    const create = (participantId: string): MqttTransport =>
      createMqttTransport({
        participantId,
        url: url(),
        clientIdPrefix,
        // A connection the broker ends without saying why (3.1.1, Mosquitto before 2.0.15: a
        // takeover, as the suite makes one) is retried no sooner than 30 s later: never within a test.
        reconnectMs: 60_000,
        onSocket: (socket) => sockets.set(participantId, socket),
      });

    const settler = create(`settler-${++envs}`);
    const settleTopic = `${topicPrefix}/settle/${settler.id}`;
    probes.push(new SettleProbe(settler, settleTopic));
    await settler.connect();
    await settler.whenSubscribed();
    let rounds = 0;

    return {
      topicPrefix,
      duplicateParticipant: 'takeover',
      async connect(participantId: string, options?: ConnectOptions) {
        const transport = create(participantId);
        all.push(transport);
        latest.set(participantId, transport);
        if (options?.will?.retain === true) retainedTopics.add(options.will.topic);
        await transport.connect(options);
        probes.push(new SettleProbe(transport, settleTopic));
        return new EnvTransport(transport, { all, retainedTopics });
      },
      async crash(participantId: string) {
        const transport = latest.get(participantId);
        const socket = sockets.get(participantId);
        if (transport === undefined || socket === undefined) throw new Error(`No connection of ${participantId} to crash.`);
        socket.destroy();
        // Once the transport has seen the loss, close it so that it does not reconnect.
        await firstValueFrom(transport.state$.pipe(filter((state) => state !== 'connected')));
        await transport.close();
      },
      async settle() {
        const marker = `round-${++rounds}`;
        await Promise.all(all.map((t) => t.whenSubscribed()));
        await settler.publish(settleTopic, marker, { qos: 1 });
        await Promise.all(probes.map((probe) => probe.received(marker)));
      },
      async dispose() {
        await Promise.all(all.map((t) => t.close()));
        // Leave no retained values behind on a shared broker.
        await Promise.all([...retainedTopics].map((topic) => settler.publish(topic, '', { retain: true, qos: 1 })));
        await settler.close();
      },
    } satisfies ContractEnv;
  };
}
