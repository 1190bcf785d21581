import {
  agentMachine,
  auctioneerMachine,
  bidderMachine,
  commandMachine,
  contactMachine,
  createAuctionMachine,
  createBidMachine,
  createScoringCommandRegistry,
  handoverMachine,
  heartbeatMachine,
  peerWatchMachine,
  routerMachine,
  toMermaid,
} from '@contactmesh/core';

const machines = [
  {
    name: 'agent',
    machine: agentMachine,
    about: 'An agent, owned by its home centre. Leases, offers and capacity per media: see docs/runtime.md and the machine’s TSDoc.',
  },
  {
    name: 'contact',
    machine: contactMachine,
    about: 'A contact, owned by the centre that holds it, from arrival to exactly one terminal outcome.',
  },
  {
    name: 'router',
    machine: routerMachine,
    about:
      'A centre’s router. It has one state; its work is in its actions: on every agent or contact snapshot it chooses (an agent for a contact, a contact for an agent) from immutable indexes, and a failed assignment brings the next candidate. See docs/routing.md.',
  },
  {
    name: 'auction',
    machine: createAuctionMachine(createScoringCommandRegistry()),
    about:
      'One auction of one contact at its owner: the entity is published, bids are assessed until the deadline (or until first-acceptable meets its threshold), the best bid is awarded and confirmed, and the contact is told to move; a winner that cannot confirm gives way to the next best bid. Every auction ends, and releases every bid it does not award. See docs/auctions.md.',
  },
  {
    name: 'handover',
    machine: handoverMachine,
    about:
      'A centre’s handover desk, one per centre: it decides every handover another centre asks of this one. A repeat gets the first answer again and adopts nothing twice; a third centre’s contact, a request of an earlier life or of an offline sender, a centre in local mode, a lease that names no agent, a stopping centre and a crossed move are refused; otherwise it starts the contact’s actor (`effect.host`) and accepts. Only the centre that handed a contact over may say its customer hung up. See docs/network.md.',
  },
  {
    name: 'command',
    machine: commandMachine,
    about:
      'One customer command given through `centre.command`, on its way to its contact: it asks the contact and waits for its answer, or for 10 s, after which the command is refused for now (`retry`). Whichever comes first is the command’s answer; anything later is ignored. See docs/status-page.md.',
  },
  {
    name: 'auctioneer',
    machine: auctioneerMachine,
    about:
      'The owner’s side of a centre’s auctions, one per centre that auctions. It has one state; its guards decide: its own contacts tell it of every change, and it opens an auction of a contact that waits in an auctioned queue (once the router has had its go), one at a time; cancels it when the contact leaves or switches queue; opens another `retryMs` after one nobody won if the contact still waits; and releases a bid that comes after its auction is over, except a late copy of the winning bid. See docs/auctions.md.',
  },
  {
    name: 'bid',
    machine: createBidMachine(),
    about:
      'One entity a bidding centre considers, one actor each (`{centre}/bid/{auctionId}`): it reserves its best free agent under a lease (the next one on a denial or no answer) or promises a time from its queue, bids in the form the entity asks for, confirms an award only while the lease holds, and releases the lease when the bid loses. An agent’s own computer runs the same machine on the agent’s side: it waits for the agent’s decision and asks the home centre to bid. See docs/auctions.md.',
  },
  {
    name: 'bidder',
    machine: bidderMachine,
    about:
      'The bidder of a centre, or of an agent’s own computer, one each (`{centre}/bidder/desk`): it decides what comes for an auction with no bid actor here. It has one state; its guards decide: an entity starts the auction’s bid actor (`effect.host`) unless `maxOpenBids` actors are live (then it is passed over); on an agent’s computer where the agent decides by hand, the oldest entity waiting for a decision beyond `maxPendingDecisions` is let go; an award or an agent’s request for an auction with no live actor is refused in the name of the desk (`{centre}/bidder/main`). Its desk tells it when a bid actor ends, and passes messages for a live actor straight to it. See docs/auctions.md.',
  },
  {
    name: 'heartbeat',
    machine: heartbeatMachine,
    about:
      'A centre’s sign of life, one per centre (`{centre}/heartbeat/main`): every `policies.presence.heartbeatMs` (5 s) it is due, and the centre publishes its presence again. A frozen centre takes no event and falls silent. See docs/network.md, "Sign of life".',
  },
  {
    name: 'peerWatch',
    machine: peerWatchMachine,
    about:
      'What a centre makes of another’s heartbeat, one per peer that beats (`{centre}/peer/{other}`): speaking while its presence comes again within its heartbeat times `policies.presence.silentAfterBeats` (3), silent once it has not — its agents are not chosen and its contacts not routed from here until it speaks again. Offline is the will’s business. See docs/network.md, "Sign of life".',
  },
];

/** The docs/machines pages as they should be now. */
export const machineDiagrams = () =>
  machines.map(({ name, machine, about }) => ({
    file: `docs/machines/${name}.md`,
    text: `# The ${name} statechart\n\n${about}\n\nGenerated from the machine by \`npm run diagrams\`; a test fails when this page is out of date.\n\n\`\`\`mermaid\n${toMermaid(machine)}\n\`\`\`\n`,
  }));
