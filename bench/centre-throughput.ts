import { createActor, createMachine } from 'xstate';
import { createCentre, sequentialIds, VirtualClock } from '../packages/core/src/index.js';
import { createMemoryHub } from '../packages/transports/src/memory/index.js';
import { record } from './results.js';
import { ratio, table } from './table.js';

// Contacts per second of wall time through one centre: arrive → reserve → offer → answer → end →
// wrap-up → handled, with its agent going reserved → offered → busy → idle, the router choosing,
// replicas published on the memory hub, a virtual clock. Against bare XState taking a contact and
// an agent through the same states with the same events, and nothing else: what the runtime,
// routing, replication and checks cost on top of the statecharts themselves.

export interface CentreThroughputOptions {
  readonly contacts: number;
  readonly rounds: number;
  readonly log: (line: string) => void;
}

async function ours(contacts: number): Promise<number> {
  const clock = new VirtualClock(0);
  const hub = createMemoryHub({ clock });
  let offered: { agent: string; contact: string } | undefined;
  const centre = createCentre({
    id: 'london',
    network: 'bench',
    transport: hub.transport('london'),
    clock,
    ids: sequentialIds('bench'),
    adapter: {
      offer: (o) => {
        offered = o;
      },
    },
    policies: { agent: { wrapUpMs: 0 } },
  });
  await centre.start();
  centre.agents.login('a1', { displayName: 'Ada', skills: { billing: 5 } });
  centre.agents.ready('a1');
  clock.advance(0);
  const started = performance.now();
  for (let i = 0; i < contacts; i++) {
    offered = undefined;
    const { id } = centre.contacts.arrive({ id: `c${i}`, media: 'voice', skillset: 'billing' });
    clock.advance(0);
    if (offered === undefined) throw new Error(`contact ${i} was not offered`);
    centre.agents.answer('a1', id);
    centre.contacts.end(id);
    centre.contacts.wrapped(id);
    clock.advance(1);
  }
  const seconds = (performance.now() - started) / 1_000;
  await centre.stop();
  return contacts / seconds;
}

const contactMachine = createMachine({
  initial: 'queued',
  states: {
    queued: { on: { reserve: 'reserving' } },
    reserving: { on: { granted: 'offered' } },
    offered: { on: { answered: 'connected' } },
    connected: { on: { ended: 'wrapUp' } },
    wrapUp: { on: { wrapped: 'done' } },
    done: { type: 'final' },
  },
});
const agentMachine = createMachine({
  initial: 'idle',
  states: {
    idle: { on: { reserve: 'reserved' } },
    reserved: { on: { offer: 'offered' } },
    offered: { on: { answer: 'busy' } },
    busy: { on: { end: 'idle' } },
  },
});

function bare(contacts: number): number {
  const agent = createActor(agentMachine).start();
  const started = performance.now();
  for (let i = 0; i < contacts; i++) {
    const contact = createActor(contactMachine).start();
    contact.send({ type: 'reserve' });
    agent.send({ type: 'reserve' });
    contact.send({ type: 'granted' });
    agent.send({ type: 'offer' });
    contact.send({ type: 'answered' });
    agent.send({ type: 'answer' });
    contact.send({ type: 'ended' });
    agent.send({ type: 'end' });
    contact.send({ type: 'wrapped' });
  }
  return contacts / ((performance.now() - started) / 1_000);
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * Runs ours and bare XState alternately, `rounds` times each, and reports the medians.
 *
 * @example
 * ```ts
 * console.log(await centreThroughput({ contacts: 2_000, rounds: 5, log: console.error }));
 * ```
 */
export async function centreThroughput(options: CentreThroughputOptions): Promise<string> {
  options.log(
    `centre-throughput: ${options.contacts} contacts through one centre, ${options.rounds} rounds, ours and bare XState alternately`,
  );
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    a.push(await ours(options.contacts));
    b.push(bare(options.contacts));
  }
  const o = median(a);
  const x = median(b);
  record({
    name: 'contacts through one centre (vs bare XState, same transitions)',
    unit: 'contacts/s',
    ours: o,
    baseline: x,
    target: 'reported',
    met: true,
  });
  return [
    '',
    `contacts through one centre, end to end (median of ${options.rounds} rounds of ${options.contacts})`,
    table(
      ['', 'contacts / s', '÷ bare'],
      [
        ['contactmesh centre (runtime, router, replicas, memory hub)', o.toFixed(0), ratio(o / x)],
        ['bare XState, the same states and events', x.toFixed(0), ''],
      ],
    ),
  ].join('\n');
}
