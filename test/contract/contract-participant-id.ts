import { ErrorCode } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-context.js';
import { barrier, listen, receivedBefore, settleUntil } from './inbox.js';

/** One connection per participant id, however the transport keeps it so (see `ContractEnv.duplicateParticipant`). */
export function participantIdContract(ctx: ContractContext): void {
  describe('participant ids', () => {
    it("meets a second connection under a connected participant id as declared: 'refuse' rejects it with CM_ERR_DUPLICATE_PARTICIPANT (memory hub), 'takeover' lets it in, ends the first and fires its will (MQTT broker)", async () => {
      const presence = ctx.topic('presence/alice');
      const bob = await ctx.env.connect('bob');
      const inbox = listen(bob, presence);
      const first = await ctx.env.connect('alice', { will: { topic: presence, payload: 'gone', qos: 1 } });

      if ((ctx.env.duplicateParticipant ?? 'refuse') === 'refuse') {
        await expect(ctx.env.connect('alice')).rejects.toMatchObject({ name: 'ContactmeshError', code: ErrorCode.DUPLICATE_PARTICIPANT });
        expect(first.state).toBe('connected');
        const marker = await barrier(ctx.env, first, presence, inbox);
        expect(receivedBefore(inbox, marker)).toEqual([]);
        return;
      }

      const second = await ctx.env.connect('alice');
      await settleUntil(
        ctx.env,
        () => first.state !== 'connected' && inbox.texts.includes('gone'),
        () => `after a takeover the first connection is ${first.state} and ${bob.id} got ${JSON.stringify(inbox.texts)}`,
      );
      // Closed where the broker said why; else it would take the id back in time: the suite ends it.
      expect(['closed', 'reconnecting']).toContain(first.state);
      await first.close();
      // The will comes from the broker, the barrier from the new connection: no order between them.
      const marker = await barrier(ctx.env, second, presence, inbox);
      expect(inbox.texts.filter((t) => t !== marker)).toEqual(['gone']);
    });
  });
}
