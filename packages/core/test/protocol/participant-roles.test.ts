import { filterWithin, topicGrants } from '@contactmesh/core/protocol';
import { describe, expect, it } from 'vitest';

// The topic layout as grants (docs/security.md): each topic names its one publisher, so each role
// writes only under its own id. The relay's identity binding and `contactmesh acl` both read these.

describe('topicGrants', () => {
  it("gives a centre its presence, replicas, auctions, bids, inbox messages as itself and any status page; it reads the network's shared state and its inbox", () => {
    expect(topicGrants('centre', 'london')).toEqual({
      write: [
        'presence/london',
        'replica/london/agent/+',
        'replica/london/contact/+',
        'auction/london/+',
        'auction/+/+/bids/london',
        'inbox/+/from/london',
        'status/+',
      ],
      read: ['presence/+', 'replica/#', 'auction/#', 'inbox/london/#'],
    });
  });

  it('gives a gateway only inbox messages as itself; it reads status pages and its inbox', () => {
    expect(topicGrants('gateway', 'gateway-1')).toEqual({ write: ['inbox/+/from/gateway-1'], read: ['status/#', 'inbox/gateway-1/#'] });
  });

  it("gives an agent's computer inbox messages as itself and its own node presence, never a centre's presence topic; it reads open auctions and its inbox", () => {
    expect(topicGrants('agent', 'london-ada')).toEqual({
      write: ['inbox/+/from/london-ada', 'node-presence/london-ada'],
      read: ['auction/#', 'inbox/london-ada/#'],
    });
  });
});

describe('filterWithin', () => {
  it.each([
    ['cm/+/replica/#', 'cm/acme/replica/london/agent/+', true],
    ['cm/+/replica/#', 'cm/acme/replica', true],
    ['cm/+/inbox/london/#', 'cm/acme/inbox/london/from/+', true],
    ['cm/+/presence/+', 'cm/+/presence/+', true],
    ['cm/+/presence/+', 'cm/acme/presence/#', false],
    ['cm/+/presence/+', 'cm/acme/presence', false],
    ['cm/+/presence/+', 'cm/acme/presence/a/b', false],
    ['cm/+/inbox/london/#', 'cm/acme/inbox/+/from/london', false],
    ['cm/+/replica/#', 'cm/#', false],
    ['cm/+/replica/#', '+/acme/replica/#', false],
  ])('%s holds %s: %s', (grant, filter, within) => {
    expect(filterWithin(grant, filter)).toBe(within);
  });
});
