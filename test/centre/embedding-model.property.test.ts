import { type Centre, createCentre, sequentialIds, VirtualClock } from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Model-based test of the embedding API (issue 8, fast-check): random sequences of what an ACD and
// its customers do, run at once on a real centre and on a reference model a few lines long — a
// queue served oldest first by the agent who has been free longest. After every call the two must
// agree on every offer the centre asked the ACD to ring, every outcome it reported, and each
// waiting customer's place in the queue as the customer's status shows it. The model has the
// agent policy's timers too: an offer rings 20 s, two missed in a row send the agent away for a
// back-off that doubles, a wrap-up the ACD never reports ends after 30 s.

const agentIds = ['a1', 'a2', 'a3'] as const;
// The agent policy's defaults (docs/embedding.md): an offer rings 20 s; two missed in a row send
// the agent to not ready for 30 s, doubling each time up to 5 minutes.
const offerTimeoutMs = 20_000;
const maxMissed = 2;
const backoffMs = 30_000;
const maxBackoffMs = 300_000;
// The contact policy's default: a wrap-up the ACD never reports ends after 30 s.
const contactWrapUpMs = 30_000;
type AgentId = (typeof agentIds)[number];

interface ModelAgent {
  state: 'loggedOut' | 'notReady' | 'ringFail' | 'free' | 'ringing' | 'talking';
  /** Offers missed in a row. */
  missed: number;
  /** While in `ringFail`: when it comes back by itself. */
  backAt?: number;
  /** Times it went to `ringFail`. */
  backoffs: number;
  /** When it last became free (the longest-idle order); kept while it rings. */
  idleSince: number;
  contact?: string;
}
interface ModelContact {
  readonly id: string;
  readonly token: string;
  state: 'queued' | 'ringing' | 'talking' | 'wrapUp' | 'ended';
  agent?: AgentId;
  /** While it rings: when the offer runs out unanswered. */
  timeoutAt?: number;
  /** In its wrap-up: when the wrap-up ends by itself, if the ACD has not reported it. */
  wrappedAt?: number;
}
interface Model {
  now: number;
  readonly agents: Record<AgentId, ModelAgent>;
  readonly contacts: ModelContact[];
  /** Queued contacts, oldest first. */
  readonly queue: string[];
  readonly offers: string[];
  readonly outcomes: string[];
  readonly stopRinging: string[];
}
interface Real {
  readonly centre: Centre;
  readonly clock: VirtualClock;
  readonly offers: string[];
  readonly outcomes: string[];
  readonly stopRinging: string[];
}

/** The reference: while someone waits and an agent is free, the oldest contact rings the agent free longest. */
function route(model: Model): void {
  for (;;) {
    const free = agentIds.filter((id) => model.agents[id].state === 'free');
    const next = model.queue[0];
    if (next === undefined || free.length === 0) return;
    offer(
      model,
      next,
      free.reduce((a, b) => (model.agents[b].idleSince < model.agents[a].idleSince ? b : a)),
    );
  }
}

function offer(model: Model, id: string, agent: AgentId): void {
  model.queue.splice(model.queue.indexOf(id), 1);
  const contact = contactOf(model, id);
  contact.state = 'ringing';
  contact.agent = agent;
  contact.timeoutAt = model.now + offerTimeoutMs;
  Object.assign(model.agents[agent], { state: 'ringing', contact: id });
  model.offers.push(`${agent}<-${id}`);
}

/**
 * An offer declined or missed: the ACD stops ringing, the contact goes back to its place in the
 * queue, and the agent is free again (as long idle as before) — or, at the second miss in a row,
 * not ready for a back-off. A free agent who said no is offered the oldest other waiting contact
 * first, if there is one.
 */
function unanswered(model: Model, contact: ModelContact, result: 'declined' | 'missed'): void {
  const id = contact.agent as AgentId;
  const agent = model.agents[id];
  model.stopRinging.push(`${id}<-${contact.id}`);
  contact.state = 'queued';
  delete contact.agent;
  delete contact.timeoutAt;
  requeue(model, contact.id);
  if (result === 'missed' && agent.missed + 1 >= maxMissed) {
    Object.assign(agent, { state: 'ringFail', missed: 0, backAt: model.now + Math.min(backoffMs * 2 ** agent.backoffs, maxBackoffMs) });
    agent.backoffs += 1;
    delete agent.contact;
    return;
  }
  if (result === 'missed') agent.missed += 1;
  freeAgent(model, id, true);
  const other = model.queue.find((c) => c !== contact.id);
  if (other !== undefined) offer(model, other, id);
}

/** Moves the model's time to `until`, taking each offer that runs out and each agent back from a back-off, in time order. */
function advanceModel(model: Model, until: number): void {
  for (;;) {
    const wrapping = model.contacts.filter((c) => c.state === 'wrapUp' && (c.wrappedAt ?? Infinity) <= until);
    const nextWrap = Math.min(...wrapping.map((c) => c.wrappedAt as number));
    if (wrapping.length > 0) {
      model.now = nextWrap;
      // Ended at its time, but a wrap-up end changes nothing the other events depend on.
      ended(model, wrapping.find((c) => c.wrappedAt === nextWrap) as ModelContact, 'handled');
      continue;
    }
    const ringing = model.contacts.filter((c) => c.state === 'ringing' && (c.timeoutAt ?? Infinity) <= until);
    const back = agentIds.filter((id) => model.agents[id].state === 'ringFail' && (model.agents[id].backAt ?? Infinity) <= until);
    const nextRing = Math.min(...ringing.map((c) => c.timeoutAt as number));
    const nextBack = Math.min(...back.map((id) => model.agents[id].backAt as number));
    if (ringing.length === 0 && back.length === 0) break;
    model.now = Math.min(nextRing, nextBack);
    if (nextRing <= nextBack) {
      unanswered(model, ringing.find((c) => c.timeoutAt === nextRing) as ModelContact, 'missed');
    } else {
      const id = back.find((a) => model.agents[a].backAt === nextBack) as AgentId;
      delete model.agents[id].backAt;
      freeAgent(model, id, false);
    }
    route(model);
  }
  model.now = until;
}

/** Back in the queue at its place by arrival. */
function requeue(model: Model, id: string): void {
  const order = (c: string) => model.contacts.findIndex((x) => x.id === c);
  const at = model.queue.findIndex((c) => order(c) > order(id));
  model.queue.splice(at < 0 ? model.queue.length : at, 0, id);
}

function contactOf(model: Model, id: string): ModelContact {
  const found = model.contacts.find((c) => c.id === id);
  if (found === undefined) throw new Error(`the model has no contact ${id}`);
  return found;
}

function freeAgent(model: Model, agent: AgentId, keepIdleSince: boolean): void {
  const a = model.agents[agent];
  a.state = 'free';
  delete a.contact;
  if (!keepIdleSince) a.idleSince = model.now;
}

function ended(model: Model, contact: ModelContact, outcome: string): void {
  contact.state = 'ended';
  model.outcomes.push(`${contact.id}:${outcome}`);
}

/** What the real centre and the model must agree on after each call. */
function agree(model: Model, real: Real): void {
  expect(real.offers, 'offers the ACD was asked to ring').toEqual(model.offers);
  expect(real.outcomes, 'outcomes reported').toEqual(model.outcomes);
  expect(real.stopRinging, 'offers the ACD was told to stop ringing').toEqual(model.stopRinging);
  for (const [index, id] of model.queue.entries()) {
    const status = real.centre.status(contactOf(model, id).token);
    expect(status, `${id}'s status`).toMatchObject({ state: 'queued', position: index + 1 });
  }
}

type Command = fc.AsyncCommand<Model, Real>;

/** A command: runs `act` on the real centre at the model's time, then lets the centre finish (1 ms), then compares. */
const command = (name: string, check: (m: Model) => boolean, act: (m: Model, r: Real) => void | Promise<void>): Command => ({
  check,
  async run(model, real) {
    await act(model, real);
    route(model);
    real.clock.advance(1);
    advanceModel(model, real.clock.now());
    agree(model, real);
  },
  toString: () => name,
});

const agentArb = fc.constantFrom(...agentIds);
const pickArb = fc.nat();
const queued = (m: Model, pick: number) => m.queue[pick % m.queue.length] as string;
const inState = (m: Model, state: ModelContact['state']) => m.contacts.filter((c) => c.state === state);

const commands = [
  agentArb.map((a) =>
    command(
      `login ${a}`,
      (m) => m.agents[a].state === 'loggedOut',
      (m, r) => {
        r.centre.agents.login(a, { displayName: a, skills: { billing: 5 } });
        m.agents[a].state = 'notReady';
      },
    ),
  ),
  agentArb.map((a) =>
    command(
      `ready ${a}`,
      (m) => m.agents[a].state === 'notReady',
      (m, r) => {
        r.centre.agents.ready(a);
        freeAgent(m, a, false);
      },
    ),
  ),
  agentArb.map((a) =>
    command(
      `notReady ${a}`,
      (m) => m.agents[a].state === 'free',
      (m, r) => {
        r.centre.agents.notReady(a, 'break');
        m.agents[a].state = 'notReady';
      },
    ),
  ),
  agentArb.map((a) =>
    command(
      `logout ${a}`,
      (m) => m.agents[a].state === 'free' || m.agents[a].state === 'notReady',
      (m, r) => {
        r.centre.agents.logout(a);
        m.agents[a].state = 'loggedOut';
      },
    ),
  ),
  fc.constant(
    command(
      'arrive',
      () => true,
      (m, r) => {
        const { id, token } = r.centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
        m.contacts.push({ id, token, state: 'queued' });
        m.queue.push(id);
      },
    ),
  ),
  pickArb.map((pick) =>
    command(
      `answer ringing #${pick}`,
      (m) => inState(m, 'ringing').length > 0,
      (m, r) => {
        const contact = inState(m, 'ringing')[pick % inState(m, 'ringing').length] as ModelContact;
        const agent = contact.agent as AgentId;
        r.centre.agents.answer(agent, contact.id);
        m.agents[agent].missed = 0;
        contact.state = 'talking';
        m.agents[agent].state = 'talking';
      },
    ),
  ),
  pickArb.map((pick) =>
    command(
      `decline ringing #${pick}`,
      (m) => inState(m, 'ringing').length > 0,
      (m, r) => {
        const contact = inState(m, 'ringing')[pick % inState(m, 'ringing').length] as ModelContact;
        r.centre.agents.decline(contact.agent as AgentId, contact.id);
        unanswered(m, contact, 'declined');
      },
    ),
  ),
  pickArb.map((pick) =>
    command(
      `end talking #${pick}`,
      (m) => inState(m, 'talking').length > 0,
      (m, r) => {
        const contact = inState(m, 'talking')[pick % inState(m, 'talking').length] as ModelContact;
        r.centre.contacts.end(contact.id);
        contact.state = 'wrapUp';
        contact.wrappedAt = m.now + contactWrapUpMs;
        // The agent's own wrap-up is 0 s here: free again at once, the newest idle.
        freeAgent(m, contact.agent as AgentId, false);
      },
    ),
  ),
  pickArb.map((pick) =>
    command(
      `wrapped #${pick}`,
      (m) => inState(m, 'wrapUp').length > 0,
      (m, r) => {
        const contact = inState(m, 'wrapUp')[pick % inState(m, 'wrapUp').length] as ModelContact;
        r.centre.contacts.wrapped(contact.id);
        ended(m, contact, 'handled');
      },
    ),
  ),
  pickArb.map((pick) =>
    command(
      `abandon queued #${pick}`,
      (m) => m.queue.length > 0,
      (m, r) => {
        const id = queued(m, pick);
        r.centre.contacts.abandon(id);
        m.queue.splice(m.queue.indexOf(id), 1);
        ended(m, contactOf(m, id), 'abandoned');
      },
    ),
  ),
  pickArb.map((pick) =>
    command(
      `abandon ringing #${pick}`,
      (m) => inState(m, 'ringing').length > 0,
      (m, r) => {
        const contact = inState(m, 'ringing')[pick % inState(m, 'ringing').length] as ModelContact;
        r.centre.contacts.abandon(contact.id);
        ended(m, contact, 'abandoned');
        m.stopRinging.push(`${contact.agent}<-${contact.id}`);
        // The agent never took it: free again, as long idle as before it rang.
        freeAgent(m, contact.agent as AgentId, true);
      },
    ),
  ),
  fc.constantFrom(5_000, 20_000, 30_000).map((ms) =>
    command(
      `wait ${ms} ms`,
      () => true,
      (m, r) => {
        r.clock.advance(ms);
        advanceModel(m, r.clock.now());
      },
    ),
  ),
  pickArb.map((pick) =>
    command(
      `customer cancels queued #${pick}`,
      (m) => m.queue.length > 0,
      async (m, r) => {
        const id = queued(m, pick);
        const reply = r.centre.command(contactOf(m, id).token, { kind: 'cancel' });
        r.clock.advance(0);
        await expect(reply).resolves.toMatchObject({ accepted: true });
        m.queue.splice(m.queue.indexOf(id), 1);
        ended(m, contactOf(m, id), 'abandoned');
      },
    ),
  ),
];

async function realCentre(): Promise<Real> {
  const clock = new VirtualClock(0);
  const offers: string[] = [];
  const outcomes: string[] = [];
  const stopRinging: string[] = [];
  const centre = createCentre({
    id: 'london',
    network: 'model',
    transport: createMemoryHub({ clock }).transport('london'),
    clock,
    ids: sequentialIds('london.1'),
    mode: { kind: 'local' },
    policies: { agent: { wrapUpMs: 0 }, contact: { skillsets: ['billing'] } },
    adapter: {
      offer: ({ agent, contact }) => void offers.push(`${agent}<-${contact}`),
      stopRinging: ({ agent, contact }) => void stopRinging.push(`${agent}<-${contact}`),
    },
  });
  centre.events$.subscribe((event) => {
    if (event.type === 'contact.outcome') outcomes.push(`${event.contact}:${event.outcome}`);
    if (event.type === 'actor.failed' || event.type === 'effect.failed' || event.type === 'adapter.failed') {
      outcomes.push(`FAILURE ${JSON.stringify(event)}`);
    }
  });
  await centre.start();
  // Every run starts with the three agents logged in (not ready): the script goes on from there.
  for (const id of agentIds) centre.agents.login(id, { displayName: id, skills: { billing: 5 } });
  clock.advance(1);
  return { centre, clock, offers, outcomes, stopRinging };
}

const emptyModel = (now: number): Model => ({
  now,
  agents: {
    a1: { state: 'notReady', idleSince: 0, missed: 0, backoffs: 0 },
    a2: { state: 'notReady', idleSince: 0, missed: 0, backoffs: 0 },
    a3: { state: 'notReady', idleSince: 0, missed: 0, backoffs: 0 },
  },
  contacts: [],
  queue: [],
  offers: [],
  outcomes: [],
  stopRinging: [],
});

describe('the embedding API against a reference model (fc.commands)', () => {
  it('offers, outcomes and queue positions are the reference queue’s, oldest contact to the longest-free agent', async () => {
    const seen = { offers: 0, handled: 0, abandoned: 0, stopRinging: 0, backoffs: 0 };
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 80, size: 'max' }), async (script) => {
        const real = await realCentre();
        try {
          const model = emptyModel(real.clock.now());
          await fc.asyncModelRun(() => ({ model, real }), script);
          seen.backoffs += agentIds.reduce((n, id) => n + model.agents[id].backoffs, 0);
          seen.stopRinging += real.stopRinging.length;
          seen.offers += real.offers.length;
          seen.handled += real.outcomes.filter((o) => o.endsWith(':handled')).length;
          seen.abandoned += real.outcomes.filter((o) => o.endsWith(':abandoned')).length;
        } finally {
          await real.centre.stop();
        }
      }),
      { numRuns: 80 },
    );
    // The runs reached what the model is about: offers, calls handled, customers leaving, offers
    // declined or missed, agents sent away for missing two in a row.
    expect(seen.offers).toBeGreaterThan(60);
    expect(seen.handled).toBeGreaterThan(10);
    expect(seen.abandoned).toBeGreaterThan(10);
    expect(seen.stopRinging).toBeGreaterThan(10);
    expect(seen.backoffs).toBeGreaterThan(0);
  }, 120_000);
});
