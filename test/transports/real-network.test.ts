import { describe, expect, it } from 'vitest';
import { describeMissing } from '../support/missing-component.js';
import { agentActors } from '../support/network-invariants.js';
import {
  agentAt,
  checkInvariants,
  contactAt,
  embeddedMqttTransport,
  externalMqttTransport,
  type RealNet,
  type RealTransport,
  realNetworkOf,
  replicaReport,
  replicasEqualOwners,
  staff,
  websocketTransport,
  whereIs,
} from './real-network.js';

// The network scenarios of the replication and auction suites (test/network/network-routing.test.ts,
// test/auction/auction-scenarios.test.ts), run over every real transport with the real clock:
// DESIGN.md §8 invariants 1–3 are checked after every burst of activity of every scenario, and
// 5 (replicas equal owners) once it is quiet. Where the memory hub moved its virtual clock, these
// wait for the condition the scenario needs (see `until` and `after` in real-network.ts).

const externalUrl = process.env.CONTACTMESH_MQTT_URL;
const howToEnable =
  'set CONTACTMESH_MQTT_URL to a broker, e.g. CONTACTMESH_MQTT_URL=mqtt://127.0.0.1:1883 npx vitest run test/transports (start Mosquitto with `mosquitto -d`)';
const transports: RealTransport[] = [
  websocketTransport,
  embeddedMqttTransport,
  ...(externalUrl !== undefined && externalUrl !== '' ? [externalMqttTransport(externalUrl)] : []),
];

if (externalUrl === undefined || externalUrl === '') {
  describeMissing('network scenarios over an external MQTT broker', 'CONTACTMESH_MQTT_URL unset', howToEnable);
}

const billing = (proficiency: number) => ({ billing: proficiency });

/** Every live centre's replica of agent `home/id` is in `state`. */
const everyoneSees = (net: RealNet, home: string, id: string, state: string) =>
  net.live().every((c) => net.centre(c).replicas.agent(home, id)?.state === state);

/** Every live centre's replica of contact `id` is queued. */
const everyoneQueues = (net: RealNet, id: string) => net.live().every((c) => net.centre(c).replicas.contact(id)?.state === 'queued');

const idleSince = (net: RealNet, home: string, id: string): number => agentAt(net, home, id)?.context.idleSince ?? Number.NaN;

/** Waits, once nothing more is going on, until every replica equals its owner (invariant 5). */
const quiet = (net: RealNet) =>
  net.until(
    () => replicasEqualOwners(net),
    'every replica equals its owner (invariant 5)',
    () => replicaReport(net),
  );

// Each wait is bounded at 5 s (it takes milliseconds); a test may wait several times.
describe.each(transports.map((t) => [t.name, t] as const))('the network scenarios over %s', { timeout: 30_000 }, (_, transport) => {
  it('gives a contact arriving in London to the network longest-idle agent, in Paris, and hands it over (replication claims 4, 5, 11)', async () => {
    const net = await realNetworkOf(transport, ['london', 'paris', 'new-york'], { router: { nearTie: null } });
    net.watch(() => checkInvariants(net));
    staff(net, 'paris', 'p1');
    await net.until(() => everyoneSees(net, 'paris', 'p1', 'idle'), 'everyone sees p1 idle');
    // Pia has been idle longer than Lee (on the memory hub: ten virtual seconds; here, a millisecond).
    await net.after(idleSince(net, 'paris', 'p1'));
    staff(net, 'london', 'l1');
    await net.until(() => everyoneSees(net, 'london', 'l1', 'idle'), 'everyone sees l1 idle');
    expect(idleSince(net, 'paris', 'p1')).toBeLessThan(idleSince(net, 'london', 'l1'));

    const { id } = net.arrive('london', 'c1');
    const seniority = contactAt(net, 'london', id)?.context.seniority;
    await net.until(
      () => net.log.offers.length > 0 && net.owners(id).join() === 'paris' && net.log.outcomes.length > 0,
      'c1 handed over to Paris and offered to p1',
      () => ({ log: net.log, where: whereIs(net, id) }),
    );
    expect(net.log.forwards).toEqual([{ centre: 'london', contact: id, to: 'paris', agent: 'p1' }]);
    expect(net.log.offers).toEqual([{ centre: 'paris', agent: 'p1', contact: id }]);
    expect(net.log.outcomes).toEqual([{ centre: 'london', contact: id, outcome: 'forwarded' }]);

    net.centre('paris').agents.answer('p1', id);
    await net.until(() => contactAt(net, 'paris', id)?.value === 'connected', 'c1 connected at Paris');
    const contact = contactAt(net, 'paris', id);
    // Invariant 6: seniority survives forwarding; the contact remembers where it arrived.
    expect(seniority).toBeTypeOf('number');
    expect(contact?.context.seniority).toBe(seniority);
    expect(contact?.context.origin).toBe('london');
    await quiet(net);
    checkInvariants(net);
    expect(net.log.failures).toEqual([]);
    await net.stop();
  });

  it('gives an agent freed in Paris the oldest waiting contact of the network, from London (replication claims 6, 12)', async () => {
    const net = await realNetworkOf(transport, ['london', 'paris', 'new-york']);
    net.watch(() => checkInvariants(net));
    net.arrive('london', 'old');
    await net.until(() => everyoneQueues(net, 'old'), 'everyone sees old queued');
    await net.after(contactAt(net, 'london', 'old')?.context.seniority ?? Number.NaN);
    net.arrive('new-york', 'newer');
    await net.until(() => everyoneQueues(net, 'newer'), 'everyone sees newer queued');
    expect(contactAt(net, 'london', 'old')?.context.seniority).toBeLessThan(contactAt(net, 'new-york', 'newer')?.context.seniority ?? 0);

    staff(net, 'paris', 'p1');
    await net.until(
      () => net.log.offers.length > 0 && net.owners('old').join() === 'paris' && contactAt(net, 'paris', 'old')?.value === 'offered',
      'old handed over to Paris and offered to p1',
      () => ({ log: net.log, old: whereIs(net, 'old'), newer: whereIs(net, 'newer') }),
    );
    await quiet(net);
    expect(net.log.offers).toEqual([{ centre: 'paris', agent: 'p1', contact: 'old' }]);
    expect(net.owners('old')).toEqual(['paris']);
    expect(net.owners('newer')).toEqual(['new-york']);
    expect(contactAt(net, 'new-york', 'newer')?.value).toBe('queued');
    checkInvariants(net);
    expect(net.log.failures).toEqual([]);
    await net.stop();
  });

  it('never gives an agent two contacts when five centres get twenty calls at once for three agents (invariants 1, 2, 3)', async () => {
    const centres = ['london', 'paris', 'new-york', 'madrid', 'tokyo'];
    const homes = ['paris', 'madrid', 'tokyo'];
    const net = await realNetworkOf(transport, centres);
    const contacts = Array.from({ length: 20 }, (_, i) => `c${i}`);
    net.watch(() => checkInvariants(net));
    for (const [i, home] of homes.entries()) staff(net, home, `a${i}`);
    await net.until(() => homes.every((home, i) => everyoneSees(net, home, `a${i}`, 'idle')), 'everyone sees the three agents idle');

    for (const [i, contact] of contacts.entries()) {
      net.arrive(centres[i % centres.length] as string, contact);
    }
    const ringing = () => homes.map((home, i) => agentAt(net, home, `a${i}`)?.context.offer?.contact);
    const settled = () =>
      contacts.every((c) => net.owners(c).length === 1 && contactAt(net, net.owners(c)[0] ?? '', c)?.value !== 'handingOver');
    await net.until(
      () => ringing().every((c) => c !== undefined) && settled(),
      'every agent rings and every contact is in one place',
      () => ({ ringing: ringing(), where: Object.fromEntries(contacts.map((c) => [c, whereIs(net, c)])) }),
    );
    await quiet(net);
    // Every agent rings with one contact, three different contacts, each in one place only; nothing ended.
    expect(new Set(ringing()).size).toBe(3);
    for (const contact of contacts) expect(net.owners(contact)).toHaveLength(1);
    expect(new Set(net.log.offers.map((o) => o.contact)).size).toBe(net.log.offers.length);
    expect(net.log.outcomes.filter((o) => o.outcome !== 'forwarded')).toEqual([]);
    checkInvariants(net);
    expect(net.log.failures).toEqual([]);
    await net.stop();
  });

  it('awards an auctioned contact to the most skilled bidder and hands it over to that agent (auction claims 1c, 13, 35)', async () => {
    // London auctions its contacts and routes only locally otherwise; a short deadline keeps the test fast.
    const net = await realNetworkOf(transport, ['london', 'paris', 'new-york'], {
      mode: { kind: 'local' },
      modes: { paris: { kind: 'network' }, 'new-york': { kind: 'network' } },
      auctions: { london: { rule: { kind: 'command', command: 'most-skilled' }, strategy: { kind: 'collect' }, deadlineMs: 250 } },
    });
    net.watch(() => checkInvariants(net));
    staff(net, 'paris', 'p1', billing(4));
    staff(net, 'new-york', 'n1', billing(9));
    await net.until(
      () => everyoneSees(net, 'paris', 'p1', 'idle') && everyoneSees(net, 'new-york', 'n1', 'idle'),
      'everyone sees both bidders idle',
    );

    net.arrive('london', 'c1');
    const openAuctions = () =>
      net.live().flatMap((c) =>
        net
          .centre(c)
          .runtime.addresses()
          .filter((a) => a.startsWith(`${c}/auction/`)),
      );
    await net.until(
      () =>
        net.log.auctions.length > 0 &&
        net.log.offers.length > 0 &&
        net.owners('c1').join() === 'new-york' &&
        openAuctions().length === 0 &&
        // Invariant 4: the loser's lease was released, and no replica shows anyone reserved.
        agentActors(net).every(([, a]) => a.context.lease === null) &&
        net.live().every((c) => net.centre(c).replicas.agents({ state: 'reserved' }).length === 0),
      'the auction closed, c1 handed over to New York, and no lease left',
      () => ({ log: net.log, where: whereIs(net, 'c1'), open: openAuctions() }),
    );
    expect(net.log.auctions).toHaveLength(1);
    const [closed] = net.log.auctions;
    expect(closed).toMatchObject({ result: 'awarded', contact: 'c1', winner: { centre: 'new-york', agent: 'n1' } });
    expect(closed?.explanation?.summary).toMatch(/new-york/);
    expect(closed?.explanation?.bids.map((b) => [b.centre, b.standing])).toEqual([
      ['new-york', 'winner'],
      ['paris', 'runner-up'],
    ]);
    expect(net.log.forwards).toEqual([{ centre: 'london', contact: 'c1', to: 'new-york', agent: 'n1' }]);
    expect(net.log.offers).toEqual([{ centre: 'new-york', agent: 'n1', contact: 'c1' }]);
    await quiet(net);
    expect(net.centre('london').replicas.agent('paris', 'p1')?.state).toBe('idle');
    checkInvariants(net);
    expect(net.log.failures).toEqual([]);
    await net.stop();
  });

  it('stops offering the agents of a centre that crashed as soon as its will arrives (replication: presence)', async () => {
    const net = await realNetworkOf(transport, ['london', 'paris', 'new-york'], { router: { nearTie: null } });
    net.watch(() => checkInvariants(net));
    staff(net, 'paris', 'p1');
    await net.until(() => everyoneSees(net, 'paris', 'p1', 'idle'), 'everyone sees p1 idle');
    await net.after(idleSince(net, 'paris', 'p1'));
    staff(net, 'new-york', 'n1');
    await net.until(() => everyoneSees(net, 'new-york', 'n1', 'idle'), 'everyone sees n1 idle');
    // Pia, in Paris, is the network's longest-idle agent: London would choose her.
    expect(idleSince(net, 'paris', 'p1')).toBeLessThan(idleSince(net, 'new-york', 'n1'));

    await net.crash('paris');
    await net.until(
      () => ['london', 'new-york'].every((c) => net.centre(c).replicas.centre('paris')?.status === 'offline'),
      'London and New York see Paris offline (its will)',
    );
    // Paris's agents are no candidates any more, though their replicas are still there.
    expect(net.centre('london').replicas.agent('paris', 'p1')?.state).toBe('idle');
    expect(
      net
        .centre('london')
        .replicas.agents({ state: 'idle' })
        .map((a) => `${a.home}/${a.id}`),
    ).toEqual(['new-york/n1']);

    const { id } = net.arrive('london', 'c1');
    await net.until(
      () => net.log.offers.length > 0 && net.owners(id).join() === 'new-york',
      'c1 handed over to New York and offered to n1',
      () => ({ log: net.log, where: whereIs(net, id) }),
    );
    expect(net.log.forwards).toEqual([{ centre: 'london', contact: id, to: 'new-york', agent: 'n1' }]);
    expect(net.log.offers).toEqual([{ centre: 'new-york', agent: 'n1', contact: id }]);
    await quiet(net);
    checkInvariants(net);
    expect(net.log.failures).toEqual([]);
    await net.stop();
  });
});
