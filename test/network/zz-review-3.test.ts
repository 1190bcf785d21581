import { describe, expect, it } from 'vitest';
import { networkOf } from './network-world.js';
import { appendFileSync } from 'node:fs';
const log = (...a: unknown[]) => appendFileSync('/tmp/review/out3.txt', a.map((x) => typeof x === 'string' ? x : JSON.stringify(x)).join(' ') + '\n');

const skills = { billing: 5 };
const st = (net: any, c: string, id: string) => { const s = net.centre(c).runtime.snapshot(`${c}/contact/${id}`) as any; return s && `${s.value}@${s.context.rev}`; };

describe('review', () => {
  it('T3: a contact adopted from an older-incarnation centre comes back after it ended', async () => {
    const net = await networkOf(['london', 'paris']);
    net.clock.advance(1_000);
    const paris = await net.restart('paris'); // incarnation 1000: London's revs are far below it
    paris.agents.login('p1', { displayName: 'P', skills });
    paris.agents.ready('p1');
    net.settle();
    net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    paris.agents.answer('p1', 'c1');
    net.settle();
    log('connected', net.owners('c1'), st(net, 'paris', 'c1'));
    // The ACD ends the call and its wrap-up at once.
    paris.contacts.end('c1');
    paris.contacts.wrapped('c1');
    net.settle();
    log('after end', net.owners('c1'), st(net, 'paris', 'c1'), 'recovered', net.recovered, 'outcomes', net.log.outcomes);
    net.clock.advance(30_000);
    net.settle();
    log('later', net.owners('c1'), st(net, 'paris', 'c1'), 'offers', net.log.offers, 'outcomes', net.log.outcomes);
    expect(net.owners('c1')).toHaveLength(0);
  });
});
