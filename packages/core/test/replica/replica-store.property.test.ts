import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/clock/index.js';
import type { AgentSnapshot, ContactSnapshot } from '../../src/protocol/index.js';
import { type AgentQuery, type ContactQuery, ReplicaStore } from '../../src/replica/index.js';
import { agentQueryArb, contactQueryArb, deliveryArb, presenceArb, type Version, versionsArb } from './arbitraries.js';

/** The newest version of each key wins; at a tied rev, "gone" wins. Returns the live ones. */
function newest(versions: readonly Version[]): Map<string, AgentSnapshot | ContactSnapshot> {
  const best = new Map<string, Version>();
  for (const version of versions) {
    const slot = `${version.kind} ${version.key}`;
    const held = best.get(slot);
    if (held === undefined || version.rev > held.rev || (version.rev === held.rev && version.live === undefined)) best.set(slot, version);
  }
  const live = new Map<string, AgentSnapshot | ContactSnapshot>();
  for (const [slot, version] of best) if (version.live !== undefined) live.set(slot, version.live);
  return live;
}

const byId = <T extends { readonly id: string; readonly rev: number }>(records: Iterable<T>): T[] =>
  [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || JSON.stringify(a).localeCompare(JSON.stringify(b)));

const naiveAgents = (all: readonly AgentSnapshot[], query: AgentQuery, offline: (centre: string) => boolean): AgentSnapshot[] => {
  const states = query.state === undefined ? undefined : ([] as string[]).concat(query.state);
  return all.filter(
    (a) =>
      (query.includeOffline === true || !offline(a.home)) &&
      (query.includeLoggedOut === true || states !== undefined || a.state !== 'loggedOut') &&
      (query.centre === undefined || a.home === query.centre) &&
      (states === undefined || states.includes(a.state)) &&
      (query.skill === undefined || (Object.hasOwn(a.skills, query.skill) && (a.skills[query.skill] ?? 0) >= (query.minProficiency ?? 1))),
  );
};

const naiveContacts = (all: readonly ContactSnapshot[], query: ContactQuery): ContactSnapshot[] => {
  const states = query.state === undefined ? undefined : ([] as string[]).concat(query.state);
  return all.filter(
    (c) =>
      (query.owner === undefined || c.owner === query.owner) &&
      (states === undefined || states.includes(c.state)) &&
      (query.skillset === undefined || c.skillset === query.skillset),
  );
};

describe('ReplicaStore converges (property)', () => {
  it('ends with exactly the newest state of each key, whatever the order and however many repeats', () => {
    fc.assert(
      fc.property(
        versionsArb.chain((versions) => fc.tuple(fc.constant(versions), deliveryArb(versions))),
        ([versions, delivery]) => {
          const store = new ReplicaStore({ clock: new VirtualClock(0) });
          for (const message of delivery) store.apply(message);
          const expected = newest(versions);
          const all = { includeOffline: true, includeLoggedOut: true };
          const agents = [...expected].filter(([slot]) => slot.startsWith('agent ')).map(([, record]) => record as AgentSnapshot);
          const contacts = [...expected].filter(([slot]) => slot.startsWith('contact ')).map(([, record]) => record as ContactSnapshot);
          expect(byId(store.agents(all))).toEqual(byId(agents));
          expect(byId(store.contacts())).toEqual(byId(contacts));
          for (const a of agents) expect(store.agent(a.home, a.id)).toEqual(a);
          for (const c of contacts) expect(store.contact(c.id)).toBe(c);
          expect(store.counts()).toMatchObject({ agents: agents.length, contacts: contacts.length });
        },
      ),
      { numRuns: 400, seed: 0x5eed },
    );
  });

  it('answers every query as a filter over all records would, presence included', () => {
    fc.assert(
      fc.property(
        versionsArb.chain((versions) => fc.tuple(fc.constant(versions), presenceArb).chain(([v, p]) => deliveryArb(v, p))),
        fc.array(agentQueryArb, { minLength: 1, maxLength: 6 }),
        fc.array(contactQueryArb, { minLength: 1, maxLength: 6 }),
        (delivery, agentQueries, contactQueries) => {
          const store = new ReplicaStore({ clock: new VirtualClock(0) });
          for (const message of delivery) store.apply(message);
          const agents = store.agents({ includeOffline: true, includeLoggedOut: true });
          const contacts = store.contacts();
          const offline = (centre: string) => store.centre(centre)?.status === 'offline';
          for (const query of agentQueries) expect(byId(store.agents(query))).toEqual(byId(naiveAgents(agents, query, offline)));
          for (const query of contactQueries) expect(byId(store.contacts(query))).toEqual(byId(naiveContacts(contacts, query)));
        },
      ),
      { numRuns: 300, seed: 0x5eed },
    );
  });
});
