import {
  type AgentContext,
  type ContactContext,
  createCentre,
  ErrorCode,
  isContactmeshError,
  type RouterContext,
  sequentialIds,
  VirtualClock,
} from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Random sequences of what an ACD and its customers do, against a real centre on a virtual clock;
// DESIGN.md §8 invariants 1, 2, 3, 6 and 7 are checked after every step.
const agents = ['a1', 'a2', 'a3'] as const;
const skillsets = ['billing', 'sales'] as const;

type Op =
  | { op: 'ready' | 'notReady' | 'logout' | 'login'; agent: number }
  | { op: 'arrive'; skillset: number; media: 'voice' | 'chat'; priority: number }
  | { op: 'answer' | 'decline'; pick: number }
  | { op: 'end' | 'abandon'; pick: number }
  | { op: 'command'; pick: number; kind: 'switchQueue' | 'requestCallback' | 'cancel'; repeat: boolean }
  | { op: 'again' }
  | { op: 'wait'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('ready', 'notReady', 'logout', 'login'), agent: fc.nat(2) }),
  {
    arbitrary: fc.record({ op: fc.constant('arrive'), skillset: fc.nat(1), media: fc.constantFrom('voice', 'chat'), priority: fc.nat(3) }),
    weight: 3,
  },
  { arbitrary: fc.record({ op: fc.constantFrom('answer', 'decline'), pick: fc.nat() }), weight: 3 },
  fc.record({ op: fc.constantFrom('end', 'abandon'), pick: fc.nat() }),
  fc.record({
    op: fc.constant('command'),
    pick: fc.nat(),
    kind: fc.constantFrom('switchQueue', 'requestCallback', 'cancel'),
    repeat: fc.boolean(),
  }),
  { arbitrary: fc.constant({ op: 'again' }), weight: 2 },
  fc.record({ op: fc.constant('wait'), ms: fc.constantFrom(0, 1_000, 6_000, 25_000) }),
) as fc.Arbitrary<Op>;

const terminal = new Set(['handled', 'abandoned', 'expired', 'substituted']);

/**
 * On a virtual clock a centre's work waits for the clock: a command's answer arrives only once the
 * steps due now have run. Runs them (without moving time) until the answer is in.
 */
/** A command's answer without the status that comes with it (the status moves on; the answer does not). */
const withoutStatus = (answer: unknown) => {
  const { status: _, ...rest } = answer as { status?: unknown };
  return rest;
};

async function settled<T>(clock: VirtualClock, pending: Promise<T>): Promise<T> {
  let done = false;
  void pending.then(() => (done = true));
  for (let turn = 0; turn < 1_000 && !done; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(0);
  }
  expect(done, 'a command is answered without the clock moving').toBe(true);
  return pending;
}

describe('one centre keeps DESIGN.md §8 invariants (property)', () => {
  it('1 capacity, 2 one offer per contact, 3 nothing lost, 6 seniority kept, 7 repeats have the effect of one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40 }), fc.boolean(), async (ops, oneAtATime) => {
        const clock = new VirtualClock(0);
        const offers: { agent: string; contact: string }[] = [];
        const centre = createCentre({
          id: 'london',
          network: 'prop',
          transport: createMemoryHub({ clock }).transport('london'),
          clock,
          ids: sequentialIds('london.1'),
          policies: { contact: { skillsets: [...skillsets] } },
          // One delivery per drain lets outside events slip between the steps of an assignment.
          ...(oneAtATime ? { limits: { maxDeliveriesPerDrain: 1 } } : {}),
          adapter: { offer: (o) => void offers.push(o) },
        });
        const outcomes = new Map<string, string[]>();
        centre.events$.subscribe((e) => {
          if (e.type === 'contact.outcome') outcomes.set(e.contact, [...(outcomes.get(e.contact) ?? []), e.outcome]);
          if (e.type === 'actor.failed' || e.type === 'effect.failed') throw new Error(`${e.type}: ${JSON.stringify(e)}`);
        });
        await centre.start();
        const contacts: { id: string; token: string; seniority: number }[] = [];
        const answers = new Map<string, unknown>();
        let last: { token: string; command: unknown; commandId: string } | undefined;
        for (const id of agents)
          centre.agents.login(id, { displayName: id, skills: { billing: 5, sales: 3 }, capacity: { voice: 1, chat: 2 } });

        for (const step of ops) {
          const pick = <T>(list: readonly T[], n: number) => (list.length === 0 ? undefined : list[n % list.length]);
          switch (step.op) {
            case 'login':
            case 'ready':
            case 'logout':
              if (step.op === 'login')
                centre.agents.login(agents[step.agent] as string, { displayName: 'x', skills: { billing: 5, sales: 3 } });
              else centre.agents[step.op](agents[step.agent] as string);
              break;
            case 'notReady':
              centre.agents.notReady(agents[step.agent] as string, 'break');
              break;
            case 'arrive': {
              const { id, token } = centre.contacts.arrive({
                media: step.media,
                skillset: skillsets[step.skillset] as string,
                priority: step.priority,
              });
              contacts.push({ id, token, seniority: clock.now() });
              break;
            }
            case 'answer':
            case 'decline': {
              const offer = pick(offers, step.pick);
              if (offer) centre.agents[step.op](offer.agent, offer.contact);
              break;
            }
            case 'end':
            case 'abandon': {
              const contact = pick(contacts, step.pick);
              // The ACD's report may come after the contact ended here (a customer's command, say):
              // the centre answers it with CM_ERR_UNKNOWN_CONTACT and nothing else happens.
              if (contact && step.op === 'end') {
                goneOrDone(() => centre.contacts.end(contact.id));
                goneOrDone(() => centre.contacts.wrapped(contact.id));
              } else if (contact) goneOrDone(() => centre.contacts.abandon(contact.id));
              break;
            }
            case 'command': {
              const contact = pick(contacts, step.pick);
              if (!contact) break;
              const command =
                step.kind === 'switchQueue'
                  ? { kind: step.kind, skillset: 'sales' }
                  : step.kind === 'cancel'
                    ? { kind: step.kind }
                    : { kind: step.kind, number: '+44 1' };
              const commandId = step.repeat ? `k-${contact.id}` : `k-${contact.id}-${clock.now()}-${answers.size}`;
              const answer = await settled(clock, centre.command(contact.token, command as never, commandId));
              last = { token: contact.token, command, commandId };
              // 7: a repeated command id gets the answer it got first, even after the contact ended;
              // a refusal marked `retry` is not an answer yet.
              const first = answers.get(commandId);
              if (first !== undefined) expect(withoutStatus(answer)).toEqual(withoutStatus(first));
              if (!answers.has(commandId) && answer.retry !== true) answers.set(commandId, answer);
              break;
            }
            case 'again': {
              // 7, directly: the very same command again.
              if (last === undefined) break;
              const answer = await settled(clock, centre.command(last.token, last.command as never, last.commandId));
              const first = answers.get(last.commandId);
              if (first !== undefined) expect(withoutStatus(answer)).toEqual(withoutStatus(first));
              else if (answer.retry !== true) answers.set(last.commandId, answer);
              break;
            }
            case 'wait':
              clock.advance(step.ms);
              break;
          }
          for (let i = 0; i < 50 && clock.nextDeadline() === clock.now(); i++) clock.advance(0);

          const rt = centre.runtime;
          const router = (rt.snapshot('london/router/main') as { context: RouterContext }).context;
          const ringing = new Map<string, number>();
          for (const id of agents) {
            const agent = (rt.snapshot(`london/agent/${id}`) as { context: AgentContext } | undefined)?.context;
            if (agent === undefined) continue;
            // 1: never more contacts than capacity for a media; a call takes the agent whole.
            for (const media of ['voice', 'chat'] as const) {
              expect(agent.work.filter((w) => w.media === media).length).toBeLessThanOrEqual(agent.capacity[media] ?? 0);
            }
            if (agent.work.some((w) => w.media === 'voice')) expect(agent.work).toHaveLength(1);
            if (agent.offer) ringing.set(agent.offer.contact, (ringing.get(agent.offer.contact) ?? 0) + 1);
            // An agent works only on live contacts.
            for (const work of agent.work) expect(rt.snapshot(`london/contact/${work.contact}`)).toBeDefined();
            // The router marks an agent reserved only for an assignment on its way.
            const marked = router.agents.get(`london/${id}`)?.state === 'reserved' && agent.lease === null;
            if (marked) expect(Object.values(router.pending).some((p) => p.agent.id === id)).toBe(true);
          }
          for (const contact of contacts) {
            // 2: a contact is offered to at most one agent at a time.
            expect(ringing.get(contact.id) ?? 0).toBeLessThanOrEqual(1);
            const snapshot = rt.snapshot(`london/contact/${contact.id}`) as { value: string; context: ContactContext } | undefined;
            const ended = outcomes.get(contact.id) ?? [];
            // 3: every contact is either live (in exactly one place) or ended with exactly one outcome.
            expect(ended.length).toBeLessThanOrEqual(1);
            if (snapshot === undefined) {
              expect(ended).toHaveLength(1);
              expect(terminal.has(ended[0] as string)).toBe(true);
              continue;
            }
            expect(ended).toHaveLength(0);
            // 6: seniority survives queue switches.
            expect(snapshot.context.seniority).toBe(contact.seniority);
            const queued = router.contacts.get(contact.id)?.state === 'queued';
            if (snapshot.value === 'queued') expect(queued || router.pending[contact.id] !== undefined).toBe(true);
            if (snapshot.value === 'connected' || snapshot.value === 'offered') expect(snapshot.context.agent).not.toBeNull();
          }
        }
        // 8: once things settle, no contact waits while an agent sits ready with nothing to do.
        clock.advance(1);
        for (let i = 0; i < 50 && clock.nextDeadline() === clock.now(); i++) clock.advance(0);
        const free = agents.filter((id) => {
          const agent = centre.runtime.snapshot(`london/agent/${id}`) as { value: unknown; context: AgentContext } | undefined;
          return agent !== undefined && JSON.stringify(agent.value) === '{"ready":"free"}' && agent.context.work.length === 0;
        });
        const waiting = contacts.filter(
          (c) => (centre.runtime.snapshot(`london/contact/${c.id}`) as { value: string } | undefined)?.value === 'queued',
        );
        if (free.length > 0) expect(waiting.map((c) => c.id)).toEqual([]);
        await centre.stop();
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});

/** Runs an ACD report; a contact the centre no longer holds may only be refused with CM_ERR_UNKNOWN_CONTACT. */
function goneOrDone(report: () => void): void {
  try {
    report();
  } catch (error) {
    if (!isContactmeshError(error, ErrorCode.UNKNOWN_CONTACT)) throw error;
  }
}
