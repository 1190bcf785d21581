import { type ConnectOptions, type Transport, VirtualClock } from '@contactmesh/core';
import { createMemoryHub, type MemoryHubOptions } from '@contactmesh/transports/memory';
import { type ContractEnv, describeTransportContract } from './transport-contract.js';

function memoryEnv(options: Omit<MemoryHubOptions, 'clock'> = {}): () => Promise<ContractEnv> {
  return async () => {
    const clock = new VirtualClock(0);
    const hub = createMemoryHub({ ...options, clock });
    const opened: Transport[] = [];
    return {
      async connect(participantId: string, connectOptions?: ConnectOptions) {
        const transport = hub.transport(participantId);
        await transport.connect(connectOptions);
        opened.push(transport);
        return transport;
      },
      async crash(participantId: string) {
        hub.crash(participantId);
      },
      async settle() {
        clock.runUntilIdle();
      },
      async dispose() {
        for (const transport of opened) await transport.close();
      },
      duplicateParticipant: 'refuse',
    };
  };
}

describeTransportContract('memory', memoryEnv());

// Delays and jitter must never show through the contract: order and delivery hold whatever they are.
describeTransportContract('memory with delay and jitter', memoryEnv({ seed: 42, faults: { default: { delayMs: 3, jitterMs: 40 } } }));
