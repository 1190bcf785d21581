import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { networkOf } from './network-world.js';

const log = (...a: unknown[]) =>
  appendFileSync('/tmp/review/out2.txt', a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ') + '\n');

const skills = { billing: 5 };
const st = (net: any, c: string, id: string) => {
  const s = net.centre(c).runtime.snapshot(`${c}/contact/${id}`) as any;
  return s && `${s.value}@${s.context.rev}`;
};

describe('review', () => {
  it('T2: a handover whose acks are cut is given up while the new owner adopted; the loser of the rev race yields from connected', async () => {
    const net = await networkOf(['london', 'paris']);
    net.centre('paris').agents.login('p1', { displayName: 'P', skills });
    net.centre('paris').agents.ready('p1');
    net.centre('london').agents.login('l1', { displayName: 'L', skills });
    net.settle();
    net.hub.setFaults({ links: [{ from: 'london', to: 'paris', delayMs: 10 }] });
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    net.clock.advance(10); // reserve.request arrives, grant back at once, handover.request sent (arrives in 10 ms)
    net.settle();
    net.clock.advance(5);
    net.hub.partition([['london'], ['paris']]);
    net.clock.advance(5);
    net.settle();
    log('during', net.owners('c1'), st(net, 'london', 'c1'), st(net, 'paris', 'c1'));
    net.clock.advance(4_000); // London gives up after 3 attempts
    net.settle();
    log('after give-up', net.owners('c1'), st(net, 'london', 'c1'), st(net, 'paris', 'c1'));
    net.centre('paris').agents.answer('p1', 'c1');
    net.centre('london').agents.ready('l1');
    net.settle();
    net.centre('london').agents.answer('l1', 'c1');
    net.settle();
    log('both', net.owners('c1'), st(net, 'london', 'c1'), st(net, 'paris', 'c1'), net.log.offers);
    net.hub.heal();
    net.settle();
    net.clock.advance(60_000);
    net.settle();
    log('healed', net.owners('c1'), st(net, 'london', 'c1'), st(net, 'paris', 'c1'));
    log(
      'p1',
      net.centre('london').replicas.agent('paris', 'p1')?.state,
      net.centre('london').replicas.agent('paris', 'p1')?.load,
      'outcomes',
      net.log.outcomes,
      'forwards',
      net.log.forwards,
    );
    expect(net.owners('c1')).toHaveLength(1);
  });
});
