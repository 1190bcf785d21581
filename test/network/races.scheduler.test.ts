import {
  type Centre,
  type CommandReply,
  createCentre,
  isContactmeshError,
  sequentialIds,
  type Transport,
  VirtualClock,
} from '@contactmesh/core';
import { createMemoryHub, interceptInbound } from '@contactmesh/transports/memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvariants, type NetView } from '../support/network-invariants.js';

// Races between customer commands, agent state changes and network messages (issue 8, fast-check
// `fc.scheduler`): two centres routing as one network, where every message a centre receives, every
// customer command, every agent's change and every answer of the ACD is a task the scheduler
// releases in an order of its choosing (each subscription's messages keep their order, as a broker
// keeps them). After every task DESIGN.md §8 invariants 1–3 hold; at the end every command has its
// answer, nothing failed, and every contact has ended once or still has its one owner.

const centres = ['london', 'paris'] as const;
type CentreId = (typeof centres)[number];
const agentsOf: Record<CentreId, readonly string[]> = { london: ['l1'], paris: ['p1', 'p2'] };

/** A transport whose inbound messages wait for the scheduler, in order per subscription. */
function scheduled(inner: Transport, s: fc.Scheduler): Transport {
  const held: (() => void)[] = [];
  return interceptInbound(inner, (message, pass) => {
    held.push(() => pass(message));
    // Each task releases the oldest message held here: whichever task the scheduler picks, this
    // transport's messages keep their order.
    void s.schedule(Promise.resolve(), `${inner.id} ← ${message.topic}`).then(() => held.shift()?.());
  });
}

interface Plan {
  readonly contacts: readonly { readonly centre: CentreId; readonly customer: 'cancel' | 'switchQueue' | 'requestCallback' | 'none' }[];
  readonly agents: readonly { readonly centre: CentreId; readonly pick: number; readonly op: 'notReady' | 'ready' | 'relogin' }[];
  readonly answers: readonly ('answer' | 'decline' | 'silence')[];
}

const planArb: fc.Arbitrary<Plan> = fc.record({
  contacts: fc.array(
    fc.record({
      centre: fc.constantFrom(...centres),
      customer: fc.constantFrom('cancel', 'switchQueue', 'requestCallback', 'none'),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  agents: fc.array(
    fc.record({ centre: fc.constantFrom(...centres), pick: fc.nat(), op: fc.constantFrom('notReady', 'ready', 'relogin') }),
    { maxLength: 4 },
  ),
  answers: fc.array(fc.constantFrom('answer', 'decline', 'silence'), { minLength: 4, maxLength: 8 }),
});

async function race(s: fc.Scheduler, plan: Plan) {
  const clock = new VirtualClock(0);
  const hub = createMemoryHub({ clock, seed: 7 });
  const log: { outcomes: { contact: string; outcome: string }[]; failures: string[]; offers: number } = {
    outcomes: [],
    failures: [],
    offers: 0,
  };
  const net: Record<string, Centre> = {};
  const arrived: string[] = [];
  const replies: Promise<CommandReply | string>[] = [];
  let answer = 0;
  const outside = (label: string, act: () => void) =>
    void s.schedule(Promise.resolve(), label).then(() => {
      try {
        act();
      } catch (error) {
        // The ACD's reports may come after the contact or agent moved on: a coded refusal, nothing else.
        if (!isContactmeshError(error)) throw error;
      }
    });
  for (const [i, id] of centres.entries()) {
    const centre = createCentre({
      id,
      network: 'races',
      transport: scheduled(hub.transport(id), s),
      clock,
      ids: sequentialIds(`${id}.1`),
      incarnation: (i + 1) * 1_000,
      mode: { kind: 'network' },
      policies: { agent: { wrapUpMs: 0 }, contact: { skillsets: ['billing', 'sales'] } },
      adapter: {
        offer: ({ agent, contact }) => {
          log.offers += 1;
          const what = plan.answers[answer++ % plan.answers.length];
          if (what === 'answer') {
            outside(`${agent} answers ${contact}`, () => net[id]?.agents.answer(agent, contact));
            outside(`${contact} ends`, () => {
              net[id]?.contacts.end(contact);
              net[id]?.contacts.wrapped(contact);
            });
          } else if (what === 'decline') outside(`${agent} declines ${contact}`, () => net[id]?.agents.decline(agent, contact));
        },
      },
    });
    centre.events$.subscribe((event) => {
      if (event.type === 'contact.outcome') log.outcomes.push({ contact: event.contact, outcome: event.outcome });
      if (event.type === 'actor.failed' || event.type === 'effect.failed' || event.type === 'adapter.failed') {
        log.failures.push(`${id}: ${JSON.stringify(event)}`);
      }
    });
    net[id] = centre;
  }
  const centre = (id: string): Centre => net[id] as Centre;
  const view: NetView = {
    centres: net,
    centre,
    owners: (contact) => centres.filter((c) => centre(c).runtime.snapshot(`${c}/contact/${contact}`) !== undefined),
    log,
  };
  for (const id of centres) await centre(id).start();
  for (const id of centres) {
    for (const agent of agentsOf[id]) {
      centre(id).agents.login(agent, { displayName: agent, skills: { billing: 5, sales: 5 } });
      centre(id).agents.ready(agent);
    }
  }
  for (const [n, { centre: at, customer }] of plan.contacts.entries()) {
    outside(`c${n} arrives at ${at}`, () => {
      const { id, token } = centre(at).contacts.arrive({ media: 'voice', skillset: 'billing' });
      arrived.push(id);
      if (customer === 'none') return;
      outside(`customer of ${id}: ${customer}`, () => {
        const command =
          customer === 'switchQueue'
            ? ({ kind: 'switchQueue', skillset: 'sales' } as const)
            : customer === 'requestCallback'
              ? ({ kind: 'requestCallback', number: '+44 20 7946 0000' } as const)
              : ({ kind: 'cancel' } as const);
        replies.push(
          centre(at)
            .command(token, command)
            .catch((error: unknown) => (isContactmeshError(error) ? error.code : String(error))),
        );
      });
    });
  }
  for (const { centre: at, pick, op } of plan.agents) {
    const agent = agentsOf[at][pick % agentsOf[at].length] as string;
    outside(`${agent} ${op}`, () => {
      const agents = centre(at).agents;
      if (op === 'notReady') agents.notReady(agent, 'break');
      if (op === 'ready') agents.ready(agent);
      if (op === 'relogin') {
        agents.logout(agent);
        agents.login(agent, { displayName: agent, skills: { billing: 5, sales: 5 } });
        agents.ready(agent);
      }
    });
  }
  const settle = () => {
    for (let i = 0; i < 10_000 && clock.nextDeadline() === clock.now(); i++) clock.advance(0);
  };
  // Release the scheduler's tasks one at a time; when none is left, let time move to the next timer
  // (offers that ring out, leases, retries), for at most ten minutes of it.
  for (let step = 0; step < 5_000; step++) {
    settle();
    if (s.count() > 0) await s.waitOne();
    else {
      const next = clock.nextDeadline();
      if (next === undefined || next > 600_000) break;
      clock.advanceTo(next);
    }
    await Promise.resolve();
    checkInvariants(view, arrived);
  }
  const answers = await Promise.all(replies);
  const waiting = waitingBesideFree(view, arrived);
  for (const id of centres) await centre(id).stop();
  return { log, arrived, answers, waiting };
}

/**
 * Invariant 8 where everything has settled: a contact still queued while an agent who could take it
 * (every agent here has every skill, and both centres route as one network) sits free. Empty when
 * none; and a contact that is neither queued nor with an agent (still half-way through a move).
 */
function waitingBesideFree(view: NetView, contacts: readonly string[]): string[] {
  const free = centres.flatMap((c) =>
    agentsOf[c].filter((agent) => {
      const snapshot = view.centre(c).runtime.snapshot(`${c}/agent/${agent}`) as
        | { value: unknown; context: { work: readonly unknown[]; offer: unknown } }
        | undefined;
      return (
        JSON.stringify(snapshot?.value) === '{"ready":"free"}' && snapshot?.context.work.length === 0 && snapshot.context.offer === null
      );
    }),
  );
  // Once all is quiet, a contact is in a queue or with an agent: never still half-way through a move.
  const stuck = contacts.flatMap((contact) =>
    view.owners(contact).flatMap((c) => {
      const state = view.centre(c).runtime.snapshot(`${c}/contact/${contact}`)?.value;
      return state === 'queued' || state === 'connected' || state === 'wrapUp' ? [] : [`${contact} stays ${JSON.stringify(state)} at ${c}`];
    }),
  );
  if (free.length === 0) return stuck;
  return stuck.concat(
    contacts
      .filter((contact) => view.owners(contact).some((c) => view.centre(c).runtime.snapshot(`${c}/contact/${contact}`)?.value === 'queued'))
      .map((contact) => `${contact} waits while ${free.join(', ')} ${free.length === 1 ? 'is' : 'are'} free`),
  );
}

describe('races between customers, agents and the network (fc.scheduler)', () => {
  it('any order of commands, agent changes and deliveries keeps invariants 1–3, answers every command and fails nothing', async () => {
    const seen = { offers: 0, accepted: 0, refused: 0, outcomes: 0 };
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), planArb, async (s, plan) => {
        const { log, arrived, answers, waiting } = await race(s, plan);
        expect(log.failures).toEqual([]);
        expect(waiting, 'once all is quiet: nobody waits beside a free agent or stays half-way through a move').toEqual([]);
        for (const reply of answers) {
          // Every command is answered: accepted, refused with a reason, or a coded error.
          if (typeof reply === 'string') expect(reply).toMatch(/^CM_ERR_/);
          else if (reply.accepted) seen.accepted += 1;
          else {
            expect(reply.reason ?? '').not.toBe('');
            seen.refused += 1;
          }
        }
        for (const contact of arrived) {
          const ends = log.outcomes.filter((o) => o.contact === contact && o.outcome !== 'forwarded');
          expect(ends.length, `${contact} outcomes`).toBeLessThanOrEqual(1);
        }
        seen.offers += log.offers;
        seen.outcomes += log.outcomes.length;
        (seen as Record<string, number>).forwarded =
          ((seen as Record<string, number>).forwarded ?? 0) + log.outcomes.filter((o) => o.outcome === 'forwarded').length;
        (seen as Record<string, number>).tasks = ((seen as Record<string, number>).tasks ?? 0) + s.report().length;
      }),
      { numRuns: 60 },
    );
    expect(seen.offers).toBeGreaterThan(30);
    expect(seen.accepted).toBeGreaterThan(5);
    expect(seen.outcomes).toBeGreaterThan(20);
  }, 120_000);
});
