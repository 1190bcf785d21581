import { decode, hashToken } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import { networkOf } from '../network/network-world.js';

// DESIGN.md §6: every change a customer would see is published retained on status/{tokenHash}
// (the hash, never the token), for gateways to show (status-page claims 4, 22, 28).

type Update = { tokenHash: string; contact: string; rev: number; status: Record<string, unknown> };

async function watched(ids: readonly string[] = ['london']) {
  const net = await networkOf(ids);
  const updates: Update[] = [];
  const topics: string[] = [];
  const watcher = net.hub.transport('watcher');
  await watcher.connect();
  watcher.subscribe('cm/acme/status/#').subscribe((message) => {
    const decoded = decode(message.payload);
    if (!decoded.ok || decoded.value.type !== 'status.update') throw new Error('a status topic carried something else');
    topics.push(message.topic);
    updates.push(decoded.value.body as Update);
  });
  net.settle();
  const of = (token: string) => updates.filter((u) => u.tokenHash === hashToken(token)).map((u) => u.status);
  return { net, updates, topics, of };
}

describe('status updates for gateways (DESIGN.md §6)', () => {
  it('publishes each customer’s status and place, and moves everyone up when a contact ahead leaves the queue (claims 4, 28)', async () => {
    const { net, of, topics } = await watched();
    const london = net.centre('london');
    london.agents.login('a1', { displayName: 'Ada', skills: { billing: 5 } });
    const first = london.contacts.arrive({ media: 'voice', skillset: 'billing' });
    net.settle();
    net.clock.advance(1_000);
    const second = london.contacts.arrive({ media: 'voice', skillset: 'billing' });
    net.settle();
    expect(of(first.token).at(-1)).toMatchObject({ state: 'queued', position: 1, skillset: 'billing', media: 'voice' });
    expect(of(second.token).at(-1)).toMatchObject({ state: 'queued', position: 2 });
    // The topic carries the hash, never the token.
    expect(topics.every((t) => !t.includes(first.token) && !t.includes(second.token))).toBe(true);

    london.agents.ready('a1');
    net.settle();
    expect(of(first.token).at(-1)).toMatchObject({ state: 'offered', agent: 'Ada', allowedCommands: [] });
    expect(of(second.token).at(-1)).toMatchObject({ state: 'queued', position: 1 });
    london.agents.answer('a1', first.id);
    london.contacts.end(first.id);
    london.contacts.wrapped(first.id);
    net.settle();
    expect(of(first.token).at(-1)).toMatchObject({ state: 'ended' });
    // Only changes go out: no two updates in a row are the same.
    const seen = of(second.token).map((s) => JSON.stringify(s));
    expect(new Set(seen).size).toBe(seen.length);
    await net.stop();
  });

  it('a contact handed over is published by its new owner, with a newer rev and its new address (claim 22)', async () => {
    const { net, updates } = await watched(['london', 'paris']);
    net.centre('paris').agents.login('p1', { displayName: 'Pia', skills: { billing: 5 } });
    net.centre('paris').agents.ready('p1');
    net.settle();
    const { token } = net.centre('london').contacts.arrive({ id: 'c1', media: 'voice', skillset: 'billing' });
    net.settle();
    const mine = updates.filter((u) => u.tokenHash === hashToken(token));
    const last = mine.at(-1);
    expect(last).toMatchObject({ contact: 'paris/contact/c1', status: { state: 'offered', agent: 'Pia' } });
    const revs = mine.map((u) => u.rev);
    expect(revs).toEqual([...revs].sort((a, b) => a - b));
    expect(mine.some((u) => u.status.state === 'forwarded')).toBe(false);
    await net.stop();
  });
});
