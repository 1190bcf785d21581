import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/machines/agent/index.js';
import type { AgentSnapshot } from '../../src/protocol/index.js';
import { driveAgent, offer, reserve, workEnded } from './agent-driver.js';

const contact = fc.constantFrom('c1', 'c2', 'c3', 'c4');
const media = fc.constantFrom('voice' as const, 'chat' as const, 'email' as const);

// Any event the agent can be sent, in any state, with fences that are sometimes current and sometimes not.
const step = (fence: () => number) =>
  fc.oneof(
    { arbitrary: fc.constant<Partial<AgentEvent>>({ type: 'login' }), weight: 3 },
    { arbitrary: fc.constant<Partial<AgentEvent>>({ type: 'ready' }), weight: 3 },
    fc.constant<Partial<AgentEvent>>({ type: 'notReady', reason: 'break' }),
    fc.constant<Partial<AgentEvent>>({ type: 'logout' }),
    fc.record({ c: contact, m: media }).map(({ c, m }) => reserve({ contact: c, media: m }) as Partial<AgentEvent>),
    fc
      .record({ c: contact, m: fc.constantFrom('voice' as const, 'chat' as const), stale: fc.boolean() })
      .map(({ c, m, stale }) => ({ lazyOffer: { contact: c, media: m, stale } }) as unknown as Partial<AgentEvent>),
    // A whole assignment as a chooser runs it: reserve, offer under the granted fence, answer.
    {
      arbitrary: fc
        .record({ c: contact, m: media })
        .map(({ c, m }) => ({ assignment: { contact: c, media: m } }) as unknown as Partial<AgentEvent>),
      weight: 8,
    },
    contact.map((c) => ({ type: 'answered', contact: c }) as Partial<AgentEvent>),
    contact.map((c) => ({ type: 'declined', contact: c }) as Partial<AgentEvent>),
    contact.map((c) => workEnded(c) as unknown as Partial<AgentEvent>),
    fc.boolean().map((stale) => ({ type: 'lease.expired', fence: stale ? 0 : fence() }) as Partial<AgentEvent>),
    fc.boolean().map((stale) => ({ type: 'offer.timeout', fence: stale ? 0 : fence() }) as Partial<AgentEvent>),
    fc.constant<Partial<AgentEvent>>({ type: 'wrapUp.done' }),
    fc.constant<Partial<AgentEvent>>({ type: 'ringFail.return' }),
  );

describe('agent invariants (property)', () => {
  it('never exceeds capacity, never holds a lease and an offer at once, and publishes every change once, in order', () => {
    fc.assert(
      fc.property(
        fc.array(
          step(() => 0),
          { maxLength: 80 },
        ),
        fc.array(fc.nat(), { minLength: 80, maxLength: 80 }),
        (raw, choices) => {
          const agent = driveAgent({ capacity: { voice: 1, chat: 2, email: 3 } });
          const grantedFences: number[] = [];
          raw.forEach((original, i) => {
            let template = original;
            const lazy = (template as { lazyOffer?: { contact: string; media: 'voice' | 'chat'; stale: boolean } }).lazyOffer;
            const assignment = (template as { assignment?: { contact: string; media: 'voice' | 'chat' | 'email' } }).assignment;
            if (assignment !== undefined) {
              const granted = agent.send(reserve(assignment));
              for (const e of granted) {
                if (e.type === 'effect.send' && e.message.type === 'reserve.granted')
                  grantedFences.push((e.message.body as { fence: number }).fence);
              }
              agent.send(offer(agent.context().fence, assignment.contact, assignment.media));
              template = { type: 'answered', contact: assignment.contact } as Partial<AgentEvent>;
            }
            const current = agent.context().fence;
            let event = template;
            if (lazy !== undefined) {
              const leased = agent.context().lease?.contact;
              // Half the offers follow the lease, as a chooser would; the rest are stale or wrong.
              event = offer(
                lazy.stale ? current + 1 + ((choices[i] ?? 0) % 3) : current,
                (choices[i] ?? 0) % 2 === 0 && leased ? leased : lazy.contact,
                lazy.media,
              );
            } else if ((event.type === 'lease.expired' || event.type === 'offer.timeout') && event.fence !== 0) {
              event = { ...event, fence: current };
            }
            const effects = agent.send(event as never);
            for (const e of effects) {
              if (e.type === 'effect.send' && e.message.type === 'reserve.granted')
                grantedFences.push((e.message.body as { fence: number }).fence);
            }
            const context = agent.context();
            // Invariant 1: capacity per media; a call takes the agent whole.
            for (const m of ['voice', 'chat', 'email'] as const) {
              expect(context.work.filter((w) => w.media === m).length).toBeLessThanOrEqual(context.capacity[m] ?? 0);
            }
            if (context.work.some((w) => w.media === 'voice')) expect(context.work).toHaveLength(1);
            expect(new Set(context.work.map((w) => w.contact)).size).toBe(context.work.length);
            // One pending assignment at most, and the state says which.
            expect(context.lease !== null && context.offer !== null).toBe(false);
            const state = agent.state();
            expect(context.lease !== null).toBe(state === 'reserved');
            expect(context.offer !== null).toBe(state === 'offered');
          });
          // Fences only grow; snapshots carry rev 1, 2, 3, … with no gap or repeat.
          expect(grantedFences).toEqual([...grantedFences].sort((a, b) => a - b));
          expect(new Set(grantedFences).size).toBe(grantedFences.length);
          const revs = agent.emitted.flatMap((e) => (e.type === 'effect.publish' ? [(e.message.body as AgentSnapshot).rev] : []));
          expect(revs).toEqual(revs.map((_, i) => i + 1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('accepts an offer only under the lease it granted last', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 3 }), contact), { maxLength: 30 }), (offers) => {
        const agent = driveAgent();
        agent.send({ type: 'login' });
        agent.send({ type: 'ready' });
        for (const [skew, c] of offers) {
          agent.send(reserve({ contact: 'c1' }));
          const fence = agent.context().fence;
          const effects = agent.send(offer(fence + skew, c));
          const rang = effects.some((e) => e.type === 'effect.adapter' && e.command.kind === 'offer');
          expect(rang).toBe(skew === 0 && c === 'c1');
          agent.send({ type: rang ? 'declined' : 'lease.expired', ...(rang ? { contact: 'c1' } : { fence }) } as never);
        }
      }),
    );
  });
});
