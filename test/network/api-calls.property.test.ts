import { type Centre, isContactmeshError } from '@contactmesh/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../support/network-invariants.js';
import { networkOf } from './network-world.js';

// Issue "Every door checked": a three-centre network driven through random sequences of public
// API calls with valid and invalid arguments (random kinds, out-of-range numbers, huge and empty
// strings, unknown ids, calls after stop). After every step: nothing but a coded ContactmeshError
// comes out of a call, no actor, effect or adapter fails, and invariants 1–3 hold. At the end every
// accepted contact is served or ended with an outcome (invariants 3 and 8), and once the centres
// stop every call throws CM_ERR_STOPPED and no timer is left to keep a process alive.

const centres = ['london', 'paris', 'rome'] as const;
type Net = Awaited<ReturnType<typeof networkOf>>;
interface Real {
  readonly net: Net;
  readonly arrived: { readonly id: string; readonly token: string; readonly centre: string }[];
  readonly refused: Record<string, number>;
}
type Model = Record<string, never>;

/** Runs one API call: it may succeed or throw a coded ContactmeshError, nothing else. */
function call(real: Real, what: () => unknown): unknown {
  try {
    return what();
  } catch (error) {
    if (!isContactmeshError(error)) throw new Error(`a call threw something other than a ContactmeshError: ${String(error)}`);
    real.refused[error.code] = (real.refused[error.code] ?? 0) + 1;
    return undefined;
  }
}

function afterStep(real: Real): void {
  real.net.settle();
  expect(real.net.log.failures).toEqual([]);
  checkInvariants(
    real.net,
    real.arrived.map((c) => c.id),
  );
}

const centreArb = fc.constantFrom(...centres);
const agentArb = fc.oneof(
  { arbitrary: fc.constantFrom('a1', 'a2'), weight: 4 },
  { arbitrary: fc.constantFrom('nobody', '', 'x'.repeat(200), 'a/b'), weight: 1 },
);
const skillArb = fc.constantFrom('billing', 'sales', '', 'BAD SKILL!', 'x'.repeat(65), 'x'.repeat(100_000));
const numberArb = fc.oneof(fc.integer({ min: -10, max: 120 }), fc.double({ noNaN: false }), fc.constant(2.5));
const mediaArb = fc.constantFrom('voice', 'chat', 'email', 'fax', '');
const validSpecArb = fc.record({
  media: fc.constantFrom('voice', 'chat', 'email'),
  skillset: fc.constantFrom('billing', 'sales'),
  priority: fc.integer({ min: 0, max: 10 }),
});
const anySpecArb = fc.record(
  {
    media: mediaArb,
    skillset: skillArb,
    priority: numberArb,
    requirements: fc.array(fc.record({ skill: skillArb, minProficiency: numberArb }), { maxLength: 2 }),
    extra: fc.string({ maxLength: 5 }),
  },
  { requiredKeys: ['media', 'skillset'] },
);
const specArb = fc.oneof({ arbitrary: validSpecArb, weight: 3 }, { arbitrary: anySpecArb, weight: 1 });
const commandArb = fc.oneof(
  fc.record({ kind: fc.constant('switchQueue'), skillset: skillArb }),
  fc.record({ kind: fc.constant('requestCallback'), number: fc.constantFrom('+44 20 7946 0000', 'call me', '') }),
  fc.constant({ kind: 'cancel' }),
  fc.record({ kind: fc.string({ maxLength: 12 }) }),
  fc.constant(null),
);
const modeArb = fc.oneof(
  fc.constantFrom({ kind: 'local' }, { kind: 'network' }, { kind: 'bogus' }),
  fc.record({ kind: fc.constant('overflow'), afterWaitMs: numberArb }),
);

const command = (name: string, run: (real: Real) => void | Promise<void>): fc.AsyncCommand<Model, Real> => ({
  check: () => true,
  run: async (_model, real) => {
    await run(real);
    afterStep(real);
  },
  toString: () => name,
});

const commands = [
  fc.tuple(centreArb, specArb).map(([centre, spec]) =>
    command(`arrive ${centre} ${JSON.stringify(spec).slice(0, 80)}`, (real) => {
      const arrived = call(real, () => real.net.centre(centre).contacts.arrive(spec as never)) as { id: string; token: string } | undefined;
      if (arrived !== undefined) real.arrived.push({ ...arrived, centre });
    }),
  ),
  fc.tuple(centreArb, agentArb, fc.constantFrom(3, 11, 0)).map(([centre, agent, level]) =>
    command(`login ${centre} ${agent} ${level}`, (real) => {
      call(real, () => real.net.centre(centre).agents.login(agent, { displayName: agent || '?', skills: { billing: level, sales: 4 } }));
    }),
  ),
  fc.tuple(centreArb, agentArb, fc.constantFrom('ready', 'notReady', 'logout')).map(([centre, agent, op]) =>
    command(`${op} ${centre} ${agent.slice(0, 10)}`, (real) => {
      const agents = real.net.centre(centre).agents;
      call(real, () => (op === 'notReady' ? agents.notReady(agent, 'break') : agents[op](agent)));
    }),
  ),
  fc.tuple(fc.nat(), fc.boolean()).map(([pick, yes]) =>
    command(`${yes ? 'answer' : 'decline'} offer #${pick}`, (real) => {
      const { offers } = real.net.log;
      const offer = offers[pick % Math.max(1, offers.length)];
      if (offer === undefined) return;
      const agents = real.net.centre(offer.centre).agents;
      call(real, () => (yes ? agents.answer(offer.agent, offer.contact) : agents.decline(offer.agent, offer.contact)));
    }),
  ),
  fc.tuple(fc.nat(), fc.constantFrom('end', 'abandon', 'wrapped')).map(([pick, op]) =>
    command(`${op} contact #${pick}`, (real) => {
      const contact = real.arrived[pick % Math.max(1, real.arrived.length)];
      if (contact === undefined) return;
      for (const centre of centres) call(real, () => real.net.centre(centre).contacts[op](contact.id));
    }),
  ),
  fc.tuple(fc.nat(), commandArb, fc.constantFrom('k1', '', 'bad id!')).map(([pick, customer, commandId]) =>
    command(`command #${pick} ${JSON.stringify(customer)}`, async (real) => {
      const contact = real.arrived[pick % Math.max(1, real.arrived.length)];
      if (contact === undefined) return;
      const centre = real.net.centre(contact.centre);
      let pending: Promise<unknown> | undefined;
      call(real, () => {
        pending = centre.command(contact.token, customer as never, commandId || undefined).catch((error: unknown) => {
          if (!isContactmeshError(error)) throw error;
          real.refused[error.code] = (real.refused[error.code] ?? 0) + 1;
        });
      });
      real.net.settle();
      await pending;
    }),
  ),
  fc.tuple(centreArb, modeArb).map(([centre, mode]) =>
    command(`setMode ${centre} ${JSON.stringify(mode)}`, (real) => {
      call(real, () => real.net.centre(centre).setMode(mode as never));
    }),
  ),
  fc.tuple(fc.nat(), fc.constantFrom('🙂', '', 'x'.repeat(50_000), 42)).map(([pick, token]) =>
    command(`status of a made-up token`, (real) => {
      const status = call(real, () => real.net.centre(centres[pick % 3] as string).status(token as never));
      expect(status).toBeUndefined();
    }),
  ),
  fc.constantFrom(0, 1_000, 10_000, 65_000).map((ms) =>
    command(`wait ${ms} ms`, (real) => {
      real.net.clock.advance(ms);
    }),
  ),
];

/** Staffs every centre with an agent who takes everything, and answers and ends what is offered until all is quiet. */
async function serveEverything(real: Real): Promise<void> {
  const { net } = real;
  for (const centre of centres) {
    call(real, () => net.centre(centre).agents.login('closer', { displayName: 'Closer', skills: { billing: 10, sales: 10 } }));
    call(real, () => net.centre(centre).agents.ready('closer'));
  }
  let answered = 0;
  for (let round = 0; round < 400; round++) {
    net.settle();
    for (const offer of net.log.offers.slice(answered)) {
      const centre: Centre = net.centre(offer.centre);
      call(real, () => centre.agents.answer(offer.agent, offer.contact));
      net.settle();
      call(real, () => centre.contacts.end(offer.contact));
      call(real, () => centre.contacts.wrapped(offer.contact));
    }
    answered = net.log.offers.length;
    const open = real.arrived.filter((c) => !net.log.outcomes.some((o) => o.contact === c.id && o.outcome !== 'forwarded'));
    if (open.length === 0) return;
    net.clock.advance(30_000);
  }
}

describe('the public API under random calls, valid and invalid (issue: Every door checked)', () => {
  it('only coded errors come out, no actor fails, invariants 1–3 hold, every accepted contact ends, and stop() leaves nothing running', async () => {
    const totals = { accepted: 0, served: 0, refused: {} as Record<string, number> };
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { size: '+1' }), async (script) => {
        const net = await networkOf(centres);
        const real: Real = { net, arrived: [], refused: {} };
        try {
          await fc.asyncModelRun(() => ({ model: {}, real }), script);
          await serveEverything(real);
          // 3 and 8: every contact that was accepted ended in exactly one outcome.
          for (const contact of real.arrived) {
            const outcomes = net.log.outcomes.filter((o) => o.contact === contact.id && o.outcome !== 'forwarded');
            expect(
              outcomes.map((o) => o.outcome),
              `${contact.id} at ${contact.centre}`,
            ).toHaveLength(1);
          }
          expect(net.log.failures).toEqual([]);
          totals.accepted += real.arrived.length;
          totals.served += real.arrived.filter((c) => net.log.outcomes.some((o) => o.contact === c.id && o.outcome === 'handled')).length;
          for (const [code, n] of Object.entries(real.refused)) totals.refused[code] = (totals.refused[code] ?? 0) + n;
        } finally {
          await net.stop();
        }
        // After stop: every call throws CM_ERR_STOPPED at once, and nothing waits on the clock.
        for (const centre of centres) {
          expect(() => net.centre(centre).contacts.arrive({ media: 'voice', skillset: 'billing' })).toThrow(
            expect.objectContaining({ code: 'CM_ERR_STOPPED' }),
          );
          expect(() => net.centre(centre).agents.ready('a1')).toThrow(expect.objectContaining({ code: 'CM_ERR_STOPPED' }));
        }
        expect(net.clock.pending).toBe(0);
      }),
      { numRuns: 40 },
    );
    // The runs did what they are for: contacts accepted and served, and bad calls of every kind refused.
    expect(totals.accepted).toBeGreaterThan(20);
    expect(totals.served).toBeGreaterThan(10);
    for (const code of ['CM_ERR_INVALID_ARGUMENT', 'CM_ERR_UNKNOWN_AGENT', 'CM_ERR_UNKNOWN_CONTACT']) {
      expect(totals.refused[code] ?? 0, code).toBeGreaterThan(0);
    }
  }, 120_000);
});
