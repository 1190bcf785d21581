import { describe } from 'vitest';
import { useContractEnv } from './contract-context.js';
import { deliveryContract } from './contract-delivery.js';
import type { MakeContractEnv } from './contract-env.js';
import { extrasContract } from './contract-extras.js';
import { lifecycleContract } from './contract-lifecycle.js';
import { participantIdContract } from './contract-participant-id.js';
import { retainedContract } from './contract-retained.js';
import { robustnessContract } from './contract-robustness.js';
import { topicsContract } from './contract-topics.js';

export type { ContractEnv, MakeContractEnv } from './contract-env.js';

/**
 * The behaviour every transport shares, written once. Each test gets a fresh env from `makeEnv`,
 * and never depends on timing: it waits only through `env.settle()`, and proves that something did
 * not arrive with a barrier published after it on the same topic by the same publisher.
 *
 * One behaviour differs by design and is declared by the env: a second connection under a connected
 * participant id is refused by the memory hub (`CM_ERR_DUPLICATE_PARTICIPANT`) but takes over on an
 * MQTT broker, which fires the old connection's will (`ContractEnv.duplicateParticipant`).
 *
 * @example
 * ```ts
 * describeTransportContract('memory', async () => {
 *   const clock = new VirtualClock(0);
 *   const hub = createMemoryHub({ clock });
 *   return {
 *     connect: …,
 *     crash: async (id) => void hub.crash(id),
 *     settle: async () => void clock.runUntilIdle(),
 *     dispose: …,
 *     duplicateParticipant: 'refuse',
 *   };
 * });
 * ```
 */
export function describeTransportContract(name: string, makeEnv: MakeContractEnv): void {
  describe(`transport contract: ${name}`, () => {
    const ctx = useContractEnv(makeEnv);
    deliveryContract(ctx);
    topicsContract(ctx);
    retainedContract(ctx);
    lifecycleContract(ctx);
    participantIdContract(ctx);
    robustnessContract(ctx);
    extrasContract(ctx);
  });
}
