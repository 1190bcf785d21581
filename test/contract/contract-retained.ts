import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-context.js';
import { barrier, expectMessages, listen, receivedBefore, text } from './inbox.js';

/** Retained values. Retained publications use QoS 1, so the publish resolves once the value is stored. */
export function retainedContract(ctx: ContractContext): void {
  describe('retained messages', () => {
    it('gives a new subscriber the retained value first, flagged retained', async () => {
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      await alice.publish(ctx.topic('presence/alice'), 'online', { retain: true, qos: 1 });
      const inbox = listen(bob, ctx.topic('presence/alice'));
      await alice.publish(ctx.topic('presence/alice'), 'live', { qos: 1 });
      await expectMessages(ctx.env, inbox, 2);
      expect(inbox.messages.map((m) => [m.retained, new TextDecoder().decode(m.payload)])).toEqual([
        [true, 'online'],
        [false, 'live'],
      ]);
    });

    it('replaces the retained value with a later retained publication', async () => {
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      await alice.publish(ctx.topic('state'), 'v1', { retain: true, qos: 1 });
      await alice.publish(ctx.topic('state'), 'v2', { retain: true, qos: 1 });
      const inbox = listen(bob, ctx.topic('state'));
      const marker = await barrier(ctx.env, alice, ctx.topic('state'), inbox);
      expect(receivedBefore(inbox, marker)).toEqual(['v2']);
    });

    it('clears the retained value with an empty retained payload', async () => {
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      await alice.publish(ctx.topic('state'), 'v1', { retain: true, qos: 1 });
      await alice.publish(ctx.topic('state'), '', { retain: true, qos: 1 });
      const inbox = listen(bob, ctx.topic('state'));
      const marker = await barrier(ctx.env, alice, ctx.topic('state'), inbox);
      expect(receivedBefore(inbox, marker)).toEqual([]);
    });

    it('forwards a clear (an empty retained payload) to a live subscriber as an empty message, and keeps no value for later ones', async () => {
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      const live = listen(bob, ctx.topic('state'));
      await alice.publish(ctx.topic('state'), 'v1', { retain: true, qos: 1 });
      await alice.publish(ctx.topic('state'), '', { retain: true, qos: 1 });
      await expectMessages(ctx.env, live, 2);
      // Live deliveries are not flagged retained: the flag marks values a new subscription catches up on.
      expect(live.messages.map((m) => [text(m), m.payload.byteLength, m.retained])).toEqual([
        ['v1', 2, false],
        ['', 0, false],
      ]);
      const carol = await ctx.env.connect('carol');
      const late = listen(carol, ctx.topic('state'));
      const marker = await barrier(ctx.env, alice, ctx.topic('state'), late);
      expect(receivedBefore(late, marker)).toEqual([]);
    });

    it('does not give a late subscriber messages that were not retained', async () => {
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      await alice.publish(ctx.topic('news'), 'old', { qos: 1 });
      const inbox = listen(bob, ctx.topic('news'));
      const marker = await barrier(ctx.env, alice, ctx.topic('news'), inbox);
      expect(receivedBefore(inbox, marker)).toEqual([]);
    });

    it('gives a wildcard subscriber every matching retained value', async () => {
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      await alice.publish(ctx.topic('agents/a1'), 'idle', { retain: true, qos: 1 });
      await alice.publish(ctx.topic('agents/a2'), 'busy', { retain: true, qos: 1 });
      await alice.publish(ctx.topic('other/a3'), 'away', { retain: true, qos: 1 });
      const inbox = listen(bob, ctx.topic('agents/+'));
      await expectMessages(ctx.env, inbox, 2);
      expect(inbox.messages.every((m) => m.retained)).toBe(true);
      expect(inbox.texts.sort()).toEqual(['busy', 'idle']);
    });

    it('keeps the retained value after its publisher has left', async () => {
      const alice = await ctx.env.connect('alice');
      await alice.publish(ctx.topic('config'), 'v1', { retain: true, qos: 1 });
      await alice.close();
      const bob = await ctx.env.connect('bob');
      const inbox = listen(bob, ctx.topic('config'));
      await expectMessages(ctx.env, inbox, 1);
      expect(inbox.messages[0]?.retained).toBe(true);
      expect(inbox.texts).toEqual(['v1']);
    });
  });

  describe('last will', () => {
    it('publishes the will when a participant crashes', async () => {
      const bob = await ctx.env.connect('bob');
      const inbox = listen(bob, ctx.topic('presence/+'));
      await ctx.env.connect('alice', { will: { topic: ctx.topic('presence/alice'), payload: 'gone', qos: 1 } });
      await ctx.env.crash('alice');
      await expectMessages(ctx.env, inbox, 1);
      expect(inbox.texts).toEqual(['gone']);
    });

    it('stores a retained will for subscribers that come later', async () => {
      await ctx.env.connect('alice', { will: { topic: ctx.topic('presence/alice'), payload: 'gone', retain: true, qos: 1 } });
      await ctx.env.crash('alice');
      const bob = await ctx.env.connect('bob');
      const inbox = listen(bob, ctx.topic('presence/alice'));
      await expectMessages(ctx.env, inbox, 1);
      expect(inbox.messages[0]?.retained).toBe(true);
      expect(inbox.texts).toEqual(['gone']);
    });

    it('does not publish the will on a clean close', async () => {
      const bob = await ctx.env.connect('bob');
      const inbox = listen(bob, ctx.topic('presence/alice'));
      const alice = await ctx.env.connect('alice', { will: { topic: ctx.topic('presence/alice'), payload: 'gone', qos: 1 } });
      await alice.close();
      // The restarted participant's barrier follows anything its previous connection left behind.
      const restarted = await ctx.env.connect('alice');
      const marker = await barrier(ctx.env, restarted, ctx.topic('presence/alice'), inbox);
      expect(receivedBefore(inbox, marker)).toEqual([]);
    });
  });
}
