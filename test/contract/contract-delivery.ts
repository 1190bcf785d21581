import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-context.js';
import { barrier, expectMessages, listen, receivedBefore, text } from './inbox.js';

/** Delivery, order, QoS and unsubscribing. */
export function deliveryContract(ctx: ContractContext): void {
  describe('delivery', () => {
    it('delivers a message to a subscriber of its exact topic, as bytes', async () => {
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      const inbox = listen(bob, ctx.topic('inbox/bob'));
      await alice.publish(ctx.topic('inbox/bob'), 'hello');
      const [message] = await expectMessages(ctx.env, inbox, 1);
      expect(message?.topic).toBe(ctx.topic('inbox/bob'));
      expect(message?.payload).toBeInstanceOf(Uint8Array);
      expect(message?.retained).toBe(false);
      expect(inbox.texts).toEqual(['hello']);
    });

    it('encodes string payloads as UTF-8 and passes byte payloads unchanged', async () => {
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      const inbox = listen(bob, ctx.topic('bytes'));
      const bytes = new Uint8Array([0, 1, 2, 254, 255]);
      await alice.publish(ctx.topic('bytes'), 'héllo ☎ 🎧');
      await alice.publish(ctx.topic('bytes'), bytes);
      const [first, second] = await expectMessages(ctx.env, inbox, 2);
      expect(first?.payload).toEqual(new TextEncoder().encode('héllo ☎ 🎧'));
      expect(second?.payload).toEqual(bytes);
    });

    it('delivers QoS 1 messages to a QoS 1 subscriber', async () => {
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      const inbox = listen(bob, ctx.topic('orders'));
      await alice.publish(ctx.topic('orders'), 'reserve', { qos: 1 });
      await expectMessages(ctx.env, inbox, 1);
      expect(inbox.texts).toEqual(['reserve']);
    });

    // QoS is the lower of the publication's and the subscription's, so these travel at QoS 0: the
    // contract promises only that they arrive on a reliable link, nothing about losses.
    it('delivers QoS 1 publications to a subscription made with { qos: 0 }', async () => {
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      const inbox = listen(bob, ctx.topic('downgraded'), { qos: 0 });
      for (const word of ['reserve', 'offer', 'connect']) await alice.publish(ctx.topic('downgraded'), word, { qos: 1 });
      await expectMessages(ctx.env, inbox, 3);
      expect(inbox.texts).toEqual(['reserve', 'offer', 'connect']);
    });

    it("delivers to the publisher's own matching subscriptions", async () => {
      const alice = await ctx.env.connect('alice');
      const inbox = listen(alice, ctx.topic('echo'));
      await alice.publish(ctx.topic('echo'), 'me');
      await expectMessages(ctx.env, inbox, 1);
      expect(inbox.texts).toEqual(['me']);
    });

    it("keeps one publisher's order on a topic for 100 messages at QoS 0 and at QoS 1", async () => {
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      const inbox = listen(bob, ctx.topic('seq/+'));
      for (let i = 0; i < 100; i++) {
        await alice.publish(ctx.topic('seq/q0'), String(i), { qos: 0 });
        await alice.publish(ctx.topic('seq/q1'), String(i), { qos: 1 });
      }
      await expectMessages(ctx.env, inbox, 200);
      const expected = Array.from({ length: 100 }, (_, i) => String(i));
      expect(inbox.messages.filter((m) => m.topic.endsWith('q0')).map(text)).toEqual(expected);
      expect(inbox.messages.filter((m) => m.topic.endsWith('q1')).map(text)).toEqual(expected);
    });

    it("keeps each publisher's order when two publish to one topic", async () => {
      const alice = await ctx.env.connect('alice');
      const carol = await ctx.env.connect('carol');
      const bob = await ctx.env.connect('bob');
      const inbox = listen(bob, ctx.topic('shared'));
      for (let i = 0; i < 50; i++) {
        await alice.publish(ctx.topic('shared'), `a${i}`, { qos: 1 });
        await carol.publish(ctx.topic('shared'), `c${i}`, { qos: 1 });
      }
      await expectMessages(ctx.env, inbox, 100);
      const from = (prefix: string) => inbox.texts.filter((t) => t.startsWith(prefix)).map((t) => Number(t.slice(1)));
      expect(from('a')).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(from('c')).toEqual(Array.from({ length: 50 }, (_, i) => i));
    });

    it('stops delivering to a subscription once it is unsubscribed', async () => {
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      const inbox = listen(bob, ctx.topic('news'));
      const probe = listen(bob, ctx.topic('news'), { label: 'probe' });
      await alice.publish(ctx.topic('news'), 'first');
      await expectMessages(ctx.env, inbox, 1);
      inbox.stop();
      await alice.publish(ctx.topic('news'), 'second');
      const marker = await barrier(ctx.env, alice, ctx.topic('news'), probe);
      expect(inbox.texts).toEqual(['first']);
      expect(receivedBefore(probe, marker)).toEqual(['first', 'second']);
    });
  });
}
