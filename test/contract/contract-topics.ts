import { ErrorCode, type Transport } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-context.js';
import { barrier, expectMessages, type Inbox, listen, settleUntil, text } from './inbox.js';

/**
 * Publishes one message to each topic and returns, sorted, the topics a subscription to `filter`
 * received. A barrier per topic, seen by an exact subscription of the same participant, proves
 * that every non-match had its chance to arrive.
 */
async function matchedTopics(ctx: ContractContext, filter: string, topics: readonly string[]): Promise<string[]> {
  const publisher = await ctx.env.connect('publisher');
  const subscriber = await ctx.env.connect('subscriber');
  const inbox = listen(subscriber, filter);
  const probes = new Map<string, Inbox>(topics.map((t) => [t, listen(subscriber, t, { label: `probe ${t}` })]));
  for (const topic of topics) await publisher.publish(topic, 'm');
  for (const [topic, probe] of probes) await barrier(ctx.env, publisher, topic, probe);
  await Promise.all([publisher.close(), subscriber.close()]);
  return inbox.messages
    .filter((m) => text(m) === 'm' && topics.includes(m.topic))
    .map((m) => m.topic)
    .sort();
}

async function expectInvalidTopic(attempt: Promise<unknown>): Promise<void> {
  await expect(attempt).rejects.toMatchObject({ name: 'ContactmeshError', code: ErrorCode.INVALID_TOPIC });
}

const invalidTopics = ['', 'cm/+/inbox', 'cm/#', 'cm/a\u0000b', `cm/${'x'.repeat(100_000)}`];
const invalidFilters = ['', 'cm/#/inbox', 'cm/inbox#', 'cm+/inbox', 'cm/+inbox', '#/cm', `cm/${'x'.repeat(100_000)}`];

/** Topic filters, wildcards and topic validation. */
export function topicsContract(ctx: ContractContext): void {
  describe('topics and wildcards', () => {
    it('matches + against exactly one whole level', async () => {
      const t = (s: string) => ctx.topic(s);
      const matched = await matchedTopics(ctx, t('+/status'), [t('london/status'), t('paris/status'), t('london/x/status'), t('status')]);
      expect(matched).toEqual([t('london/status'), t('paris/status')]);
    });

    it('matches # against the parent level and any number of levels below it', async () => {
      const t = (s: string) => ctx.topic(s);
      const matched = await matchedTopics(ctx, t('agents/#'), [
        t('agents'),
        t('agents/a1'),
        t('agents/a1/state'),
        t('agentsx'),
        t('other'),
      ]);
      expect(matched).toEqual([t('agents'), t('agents/a1'), t('agents/a1/state')]);
    });

    it('does not match $-topics with a leading wildcard, only with a filter naming them', async () => {
      const dollar = `$cm/${ctx.topic('internal')}`;
      expect(await matchedTopics(ctx, '#', [dollar])).toEqual([]);
      expect(await matchedTopics(ctx, `+/${ctx.topic('internal')}`, [dollar])).toEqual([]);
      expect(await matchedTopics(ctx, `$cm/${ctx.topic('#')}`, [dollar])).toEqual([dollar]);
    });

    it("delivers a publication once to each of one participant's overlapping subscriptions", async () => {
      const t = (s: string) => ctx.topic(s);
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      const wide = listen(bob, t('x/#'));
      const narrow = listen(bob, t('x/+/y'));
      await alice.publish(t('x/a/y'), 'both');
      await alice.publish(t('x/a/z'), 'wide only');
      // Per-topic order: once a barrier on each topic is in, every copy published before it is too.
      const onBoth = await barrier(ctx.env, alice, t('x/a/y'), wide);
      await settleUntil(
        ctx.env,
        () => narrow.texts.includes(onBoth),
        () => `${narrow.label}: barrier ${onBoth} never arrived`,
      );
      const onWide = await barrier(ctx.env, alice, t('x/a/z'), wide);
      const received = (inbox: Inbox) =>
        inbox.messages
          .filter((m) => ![onBoth, onWide].includes(text(m)))
          .map((m) => `${m.topic} ${text(m)}`)
          .sort();
      expect(received(wide)).toEqual([`${t('x/a/y')} both`, `${t('x/a/z')} wide only`]);
      expect(received(narrow)).toEqual([`${t('x/a/y')} both`]);
    });

    it.each(invalidTopics.map((topic) => [topic.slice(0, 24), topic]))(
      'refuses to publish to %j with CM_ERR_INVALID_TOPIC',
      async (_, topic) => {
        const alice = await ctx.env.connect('alice');
        await expectInvalidTopic(alice.publish(topic, 'x'));
      },
    );

    it.each(invalidFilters.map((filter) => [filter.slice(0, 24), filter]))(
      'errors a subscription to %j with CM_ERR_INVALID_TOPIC',
      async (_, filter) => {
        const alice = await ctx.env.connect('alice');
        const inbox = listen(alice, filter);
        await settleUntil(
          ctx.env,
          () => inbox.error !== undefined,
          () => `subscribing to ${JSON.stringify(filter)} did not fail`,
        );
        expect(inbox.error).toMatchObject({ name: 'ContactmeshError', code: ErrorCode.INVALID_TOPIC });
      },
    );

    it('keeps working after refusing a topic and a filter', async () => {
      const alice: Transport = await ctx.env.connect('alice');
      await expectInvalidTopic(alice.publish('cm/+/bad', 'x'));
      const refused = listen(alice, 'cm/#/bad');
      await settleUntil(
        ctx.env,
        () => refused.error !== undefined,
        () => 'subscribing to cm/#/bad did not fail',
      );
      const inbox = listen(alice, ctx.topic('good'));
      await alice.publish(ctx.topic('good'), 'still here');
      await expectMessages(ctx.env, inbox, 1);
      expect(inbox.texts).toEqual(['still here']);
    });
  });
}
