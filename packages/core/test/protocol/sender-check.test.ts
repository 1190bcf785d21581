import { describe, expect, it } from 'vitest';
import { senderMismatch } from '../../src/protocol/sender-check.js';

// Identity comes from the channel (DESIGN.md §7): the topic names the publisher, the message must agree.

const now = 1_000_000;
const m = (type: string, from: string, body: unknown = {}) => ({ type, from, body });

describe('senderMismatch', () => {
  it.each([
    ['cm/acme/presence/london', m('presence', 'london/runtime/main', { centre: 'london', incarnation: now })],
    ['cm/acme/replica/london/agent/a1', m('agent.snapshot', 'london/agent/a1', { home: 'london' })],
    ['cm/acme/replica/london/contact/c1', m('contact.snapshot', 'london/contact/c1', { owner: 'london' })],
    ['cm/acme/auction/london/c1', m('auction.entity', 'london/auction/c1', { owner: 'london' })],
    ['cm/acme/auction/london/c1/bids/paris', m('auction.entityBid', 'paris/bidder/main', { bid: { bidder: 'paris' } })],
    ['cm/acme/inbox/london/from/paris', m('reserve.request', 'paris/contact/c9')],
    ['cm/acme/inbox/london/from/paris', m('handover.request', 'paris/contact/c9', { contact: { owner: 'paris' } })],
    ['cm/acme/node-presence/london-ada', m('presence', 'london-ada/runtime/main', { centre: 'london-ada', incarnation: now })],
    // Topics outside the protocol's shapes carry no identity to check.
    ['cm/acme/auction/c1', m('ping', 'london/pinger/p')],
    ['cm/acme/status/abc', m('status.update', 'paris/runtime/main')],
    ['other/acme/presence/london', m('presence', 'evil/runtime/main', { centre: 'evil' })],
  ])('lets %s from its own publisher pass', (topic, message) => {
    expect(senderMismatch(topic, message, now)).toBeUndefined();
  });

  it.each([
    ['cm/acme/presence/evil', m('presence', 'evil/runtime/main', { centre: 'c' }), /names centre c/],
    ['cm/acme/presence/c', m('presence', 'c/runtime/main', { centre: 'c', incarnation: Number.MAX_SAFE_INTEGER }), /more than a day ahead/],
    ['cm/acme/replica/b/agent/b1', m('agent.snapshot', 'evil/agent/b1', { home: 'b' }), /comes from evil\/agent\/b1, not from b/],
    ['cm/acme/replica/evil/contact/x', m('contact.snapshot', 'evil/contact/x', { owner: 'a' }), /names owner a/],
    ['cm/acme/auction/a/c1/bids/evil', m('auction.bid', 'evil/bidder/main', { bidder: 'b' }), /names bidder b/],
    ['cm/acme/auction/a/c1/bids/evil', m('auction.entityBid', 'evil/bidder/main', { bid: { bidder: 'b' } }), /names bidder b/],
    ['cm/acme/inbox/b/from/evil', m('reserve.request', 'a/contact/c1'), /not from evil/],
    // Only its owner hands a contact over.
    ['cm/acme/inbox/b/from/evil', m('handover.request', 'evil/contact/c1', { contact: { owner: 'a' } }), /names contact owner a/],
    ['cm/acme/node-presence/london-ada', m('presence', 'london-ada/runtime/main', { centre: 'london' }), /names centre london/],
  ])('refuses %s', (topic, message, reason) => {
    expect(senderMismatch(topic, message, now)).toMatch(reason);
  });
});
