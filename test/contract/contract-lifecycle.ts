import { type ConnectionState, ErrorCode } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-context.js';
import { listen, settleUntil } from './inbox.js';

const closedError = { name: 'ContactmeshError', code: ErrorCode.TRANSPORT_CLOSED };

/** Connection state, closing, and the guarantees a transport declares. */
export function lifecycleContract(ctx: ContractContext): void {
  describe('lifecycle', () => {
    it('reports the current state at once to a new state$ subscriber', async () => {
      const alice = await ctx.env.connect('alice');
      const seen: ConnectionState[] = [];
      alice.state$.subscribe((state) => seen.push(state)).unsubscribe();
      expect(seen).toEqual(['connected']);
      expect(alice.state).toBe('connected');
    });

    it('completes subscriptions and ends state$ in closed when closed', async () => {
      const alice = await ctx.env.connect('alice');
      const inbox = listen(alice, ctx.topic('x'));
      const seen: ConnectionState[] = [];
      alice.state$.subscribe((state) => seen.push(state));
      await alice.close();
      expect(inbox.completed).toBe(true);
      expect(inbox.error).toBeUndefined();
      expect(alice.state).toBe('closed');
      expect(seen.at(-1)).toBe('closed');
      const late: ConnectionState[] = [];
      alice.state$.subscribe((state) => late.push(state));
      expect(late).toEqual(['closed']);
    });

    it('closes idempotently', async () => {
      const alice = await ctx.env.connect('alice');
      await alice.close();
      await expect(alice.close()).resolves.toBeUndefined();
      expect(alice.state).toBe('closed');
    });

    it('rejects a publish after close with CM_ERR_TRANSPORT_CLOSED', async () => {
      const alice = await ctx.env.connect('alice');
      await alice.close();
      await expect(alice.publish(ctx.topic('x'), 'late')).rejects.toMatchObject(closedError);
      await expect(alice.publish(ctx.topic('x'), 'late', { qos: 1 })).rejects.toMatchObject(closedError);
    });

    it('errors a subscription made after close with CM_ERR_TRANSPORT_CLOSED', async () => {
      const alice = await ctx.env.connect('alice');
      await alice.close();
      const inbox = listen(alice, ctx.topic('x'));
      await settleUntil(
        ctx.env,
        () => inbox.error !== undefined,
        () => 'the subscription did not fail',
      );
      expect(inbox.error).toMatchObject(closedError);
    });

    it('declares well-formed guarantees', async () => {
      const alice = await ctx.env.connect('alice');
      const g = alice.guarantees;
      expect(g.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(['at-least-once', 'exactly-once']).toContain(g.qos1);
      expect(g.qos0).toBe('at-most-once');
      expect(g.ordering).toBe('per-publisher-per-topic');
      expect(g.retained).toBe(true);
      expect(g.will).toBe(true);
      expect(Number.isSafeInteger(g.maxPayloadBytes) && g.maxPayloadBytes > 0).toBe(true);
      expect(alice.id).toBe('alice');
    });
  });
}
