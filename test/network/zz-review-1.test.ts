import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { networkOf } from './network-world.js';

const log = (...a: unknown[]) =>
  appendFileSync('/tmp/review/out.txt', a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ') + '\n');

const skills = { billing: 5 };
const state = (net: any, c: string, id: string) => (net.centre(c).runtime.snapshot(`${c}/contact/${id}`) as any)?.value;
const rev = (net: any, c: string, id: string) => (net.centre(c).runtime.snapshot(`${c}/contact/${id}`) as any)?.context.rev;

describe('review', () => {
  it('T1: old owner crashes after the new owner adopted, before the ack: restart recovers it, tie by rev, two owners', async () => {
    const net = await networkOf(['paris', 'new-york']);
    net.centre('new-york').agents.login('n1', { displayName: 'N', skills });
    net.centre('new-york').agents.ready('n1');
    net.settle();
    net.clock.advance(1000);
    // NY -> Paris messages take 100 ms.
    net.hub.setFaults({ links: [{ from: 'new-york', to: 'paris', delayMs: 100 }] });
    net.centre('paris').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    net.clock.advance(100); // grant arrives; handover.request goes out; NY adopts; ack on its way
    net.settle();
    net.clock.advance(50);
    log('before crash owners', net.owners('c1'), state(net, 'new-york', 'c1'));
    const paris = await net.restart('paris');
    net.clock.advance(1000);
    net.settle();
    log('recovered', net.recovered);
    log(
      'after restart owners',
      net.owners('c1'),
      state(net, 'paris', 'c1'),
      rev(net, 'paris', 'c1'),
      state(net, 'new-york', 'c1'),
      rev(net, 'new-york', 'c1'),
    );
    // A local agent in Paris: the same contact is offered to a second agent.
    paris.agents.login('p1', { displayName: 'P', skills });
    paris.agents.ready('p1');
    net.clock.advance(1000);
    net.settle();
    log('offers', net.log.offers, 'owners', net.owners('c1'));
    net.centre('new-york').agents.answer('n1', 'c1');
    net.clock.advance(120_000);
    net.settle();
    log(
      'n1 after answering the ghost offer',
      net.centre('paris').replicas.agent('new-york', 'n1')?.state,
      net.centre('paris').replicas.agent('new-york', 'n1')?.load,
      'owners',
      net.owners('c1'),
      'outcomes',
      net.log.outcomes,
    );
    expect(net.owners('c1')).toHaveLength(1);
  });
});
