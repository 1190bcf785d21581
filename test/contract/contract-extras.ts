import { ErrorCode, type Transport } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-context.js';
import { barrier, expectMessages, type Inbox, listen, receivedBefore, settleUntil, text } from './inbox.js';

/**
 * Publishes markers on `topic` until every member's inbox has one: by per-publisher order, each
 * member then has everything `publisher` sent it on `topic` before. Works whether a group shares
 * the markers out or every member gets them all.
 */
async function barrierToEveryMember(ctx: ContractContext, publisher: Transport, topic: string, members: readonly Inbox[]): Promise<void> {
  const isMarker = (t: string) => t.startsWith('member-barrier-');
  for (let i = 0; members.some((m) => !m.texts.some(isMarker)); i++) {
    if (i === 50) throw new Error(`No member barrier reached every member after 50 tries: ${members.map((m) => m.label).join(', ')}.`);
    const marker = `member-barrier-${i}`;
    await publisher.publish(topic, marker, { qos: 1 });
    await settleUntil(
      ctx.env,
      () => members.some((m) => m.texts.includes(marker)),
      () => `member barrier ${marker} reached nobody`,
    );
  }
}

/**
 * MQTT 5's extras, in the part every transport meets: each either honours them or takes them and
 * falls back as its `guarantees` say — expiring values live until cleared, a shared subscription
 * is one to its filter. (That values expire and wills wait is tested per transport: it takes time
 * to pass, which the suite never waits for.)
 */
export function extrasContract(ctx: ContractContext): void {
  describe('MQTT 5 extras', () => {
    it('declares messageExpiry, willDelay and sharedSubscriptions as booleans, or not at all', async () => {
      const alice = await ctx.env.connect('alice');
      for (const declared of [alice.guarantees.messageExpiry, alice.guarantees.willDelay, alice.guarantees.sharedSubscriptions]) {
        expect(declared === undefined || typeof declared === 'boolean').toBe(true);
      }
    });

    it('gives a retained value published with expirySeconds to a new subscriber before it expires', async () => {
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      await alice.publish(ctx.topic('auction/c1'), 'entity', { retain: true, qos: 1, expirySeconds: 3600 });
      const inbox = listen(bob, ctx.topic('auction/c1'));
      const marker = await barrier(ctx.env, alice, ctx.topic('auction/c1'), inbox);
      expect(receivedBefore(inbox, marker)).toEqual(['entity']);
      expect(inbox.messages[0]?.retained).toBe(true);
    });

    it.each([0, -5, 1.5, 2 ** 32])('refuses expirySeconds %j with CM_ERR_INVALID_OPTION', async (expirySeconds) => {
      const alice = await ctx.env.connect('alice');
      await expect(alice.publish(ctx.topic('x'), 'v', { expirySeconds })).rejects.toMatchObject({
        name: 'ContactmeshError',
        code: ErrorCode.INVALID_OPTION,
      });
    });

    it('publishes a will with delaySeconds: 0 at once on a crash, and a delayed one not at all on a clean close', async () => {
      const bob = await ctx.env.connect('bob');
      const inbox = listen(bob, ctx.topic('presence/+'));
      await ctx.env.connect('alice', { will: { topic: ctx.topic('presence/alice'), payload: 'alice gone', qos: 1, delaySeconds: 0 } });
      const carol = await ctx.env.connect('carol', {
        will: { topic: ctx.topic('presence/carol'), payload: 'carol gone', qos: 1, delaySeconds: 1 },
      });
      await ctx.env.crash('alice');
      await expectMessages(ctx.env, inbox, 1);
      await carol.close();
      const restarted = await ctx.env.connect('carol');
      const marker = await barrier(ctx.env, restarted, ctx.topic('presence/carol'), inbox);
      expect(receivedBefore(inbox, marker)).toEqual(['alice gone']);
    });

    it('shares a $share/{group}/{filter} subscription out among the group when it declares sharedSubscriptions, else gives every member everything', async () => {
      const alice = await ctx.env.connect('alice');
      const members = [await ctx.env.connect('gateway-a'), await ctx.env.connect('gateway-b')];
      const filter = `$share/gateways/${ctx.topic('commands/#')}`;
      const inboxes = members.map((m) => listen(m, filter));
      const sent = Array.from({ length: 10 }, (_, i) => `c${i}`);
      for (const id of sent) await alice.publish(ctx.topic(`commands/${id}`), id, { qos: 1 });
      await barrierToEveryMember(ctx, alice, ctx.topic('commands/marker'), inboxes);
      const work = inboxes.map((inbox) => inbox.messages.filter((m) => !text(m).startsWith('member-barrier-')));
      expect(work.flat().every((m) => m.topic.startsWith(ctx.topic('commands/')) && !m.retained)).toBe(true);
      const texts = work.map((messages) => messages.map(text).sort());
      if (members.every((m) => m.guarantees.sharedSubscriptions === true)) expect(texts.flat().sort()).toEqual([...sent].sort());
      else expect(texts).toEqual([[...sent].sort(), [...sent].sort()]);
    });

    it('refuses a $share filter without a group or a filter, and a publish topic under $share/, with CM_ERR_INVALID_TOPIC', async () => {
      const alice = await ctx.env.connect('alice');
      const refused = ['$share//x', '$share/g', '$share/+/x'].map((f) => listen(alice, f));
      await settleUntil(
        ctx.env,
        () => refused.every((inbox) => inbox.error !== undefined),
        () => 'a bad shared filter was not refused',
      );
      for (const inbox of refused) expect(inbox.error).toMatchObject({ code: ErrorCode.INVALID_TOPIC });
      await expect(alice.publish('$share/g/x', 'v')).rejects.toMatchObject({ code: ErrorCode.INVALID_TOPIC });
      const inbox = listen(alice, ctx.topic('still'));
      await alice.publish(ctx.topic('still'), 'working');
      await expectMessages(ctx.env, inbox, 1);
    });
  });
}
