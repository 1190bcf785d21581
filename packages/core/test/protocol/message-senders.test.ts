import { coreMessages, messageSenders, roleRefusal, topicChannel } from '@contactmesh/core/protocol';
import { describe, expect, it } from 'vitest';

// Who may send what (docs/security.md, "What each role sends"): every receiver holds a message's
// type to its sender's role and to the channel it came on.

describe('messageSenders', () => {
  it('says who sends every message type of the protocol, and no other', () => {
    expect(Object.keys(messageSenders).sort()).toEqual(Object.keys(coreMessages.bodies).sort());
  });

  it('gives a gateway customer commands only, and an agent’s computer bid requests (and its node presence) only', () => {
    const of = (role: 'gateway' | 'agent') => Object.entries(messageSenders).flatMap(([type, senders]) => (senders[role] ? [type] : []));
    expect(of('gateway')).toEqual(['command.request']);
    expect(of('agent')).toEqual(['presence', 'auction.bidRequest']);
    expect(messageSenders.presence.agent).toEqual(['node-presence']);
  });
});

describe('roleRefusal', () => {
  it.each([
    ['inbox', 'centre', 'reserve.request'],
    ['inbox', 'centre', 'auction.bid'],
    ['bids', 'centre', 'auction.bid'],
    ['presence', 'centre', 'presence'],
    ['inbox', 'gateway', 'command.request'],
    ['inbox', 'agent', 'auction.bidRequest'],
    ['inbox', 'gateway', 'acme.wallboard'],
  ] as const)('lets %s carry %s’s %s', (channel, role, type) => {
    expect(roleRefusal(channel, role, type)).toBeUndefined();
  });

  it.each([
    ['inbox', 'gateway', 'reserve.request', 'reserve.request is sent by a centre only, not by a gateway'],
    ['inbox', 'agent', 'offer.request', "offer.request is sent by a centre only, not by an agent's computer"],
    ['inbox', 'centre', 'command.request', 'command.request is sent by a gateway only, not by a centre'],
    ['inbox', 'centre', 'auction.bidRequest', "auction.bidRequest is sent by an agent's computer only, not by a centre"],
    ['presence', 'gateway', 'presence', "presence is sent by a centre or an agent's computer only, not by a gateway"],
    ['inbox', 'centre', 'agent.snapshot', 'agent.snapshot from a centre comes on replica, not on inbox'],
    ['presence', 'agent', 'presence', "presence from an agent's computer comes on node-presence, not on presence"],
    ['inbox', 'centre', 'auction.won', 'auction.won goes between actors of one centre and never arrives from the network'],
  ] as const)('refuses %s from a %s: %s', (channel, role, type, reason) => {
    expect(roleRefusal(channel, role, type)).toBe(reason);
  });
});

describe('topicChannel', () => {
  it.each([
    ['cm/acme/presence/london', { channel: 'presence', publisher: 'london' }],
    ['cm/acme/node-presence/london-ada', { channel: 'node-presence', publisher: 'london-ada' }],
    ['cm/acme/replica/london/agent/a1', { channel: 'replica', publisher: 'london' }],
    ['cm/acme/auction/london/c1', { channel: 'auction', publisher: 'london' }],
    ['cm/acme/auction/london/c1/bids/paris', { channel: 'bids', publisher: 'paris' }],
    ['cm/acme/inbox/london/from/paris', { channel: 'inbox', publisher: 'paris' }],
    ['cm/acme/status/abc', { channel: 'status' }],
    ['cm/acme/replica/london/queue/a1', undefined],
    ['cm/acme/inbox/london', undefined],
    ['other/acme/presence/london', undefined],
  ])('reads %s', (topic, expected) => {
    expect(topicChannel(topic)).toEqual(expected);
  });
});
