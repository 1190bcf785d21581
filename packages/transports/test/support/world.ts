import { type ConnectOptions, type InboundMessage, type Transport, VirtualClock } from '@contactmesh/core';
import { createMemoryHub, type MemoryHub, type MemoryHubOptions } from '@contactmesh/transports/memory';

/** What a subscriber saw, with the virtual time it saw it at. */
export interface Received {
  readonly at: number;
  readonly topic: string;
  readonly text: string;
  readonly retained: boolean;
}

/** A memory hub on a virtual clock, with helpers to connect participants and record what they receive. */
export interface World {
  readonly clock: VirtualClock;
  readonly hub: MemoryHub;
  connect(participantId: string, options?: ConnectOptions): Promise<Transport>;
  /** Subscribes and records every message, with its arrival time. */
  record(transport: Transport, filter: string, qos?: 0 | 1): Received[];
  settle(): void;
}

const decoder = new TextDecoder();

export const textOf = (message: InboundMessage): string => decoder.decode(message.payload);

export function createWorld(options: Omit<MemoryHubOptions, 'clock'> = {}): World {
  const clock = new VirtualClock(0);
  const hub = createMemoryHub({ ...options, clock });
  return {
    clock,
    hub,
    async connect(participantId, connectOptions) {
      const transport = hub.transport(participantId);
      await transport.connect(connectOptions);
      return transport;
    },
    record(transport, filter, qos = 1) {
      const received: Received[] = [];
      transport.subscribe(filter, { qos }).subscribe((m) => {
        received.push({ at: clock.now(), topic: m.topic, text: textOf(m), retained: m.retained });
      });
      return received;
    },
    settle: () => void clock.runUntilIdle(),
  };
}

/** Publishes `count` numbered messages ("0", "1", …) on one topic. */
export async function publishNumbered(transport: Transport, topic: string, count: number, qos: 0 | 1 = 0): Promise<void> {
  for (let i = 0; i < count; i++) await transport.publish(topic, String(i), { qos });
}

/** The numbers a subscriber received, in arrival order. */
export const numbers = (received: readonly Received[]): number[] => received.map((r) => Number(r.text));

/** True when the numbers never go down. */
export const nonDecreasing = (values: readonly number[]): boolean => values.every((v, i) => i === 0 || (values[i - 1] ?? v) <= v);

/** How many trace events of a kind the hub recorded. */
export const countTrace = (hub: MemoryHub, kind: string): number => hub.trace().filter((e) => e.kind === kind).length;
