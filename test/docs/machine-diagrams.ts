import {
  agentMachine,
  contactMachine,
  createAuctionMachine,
  createBidMachine,
  createScoringCommandRegistry,
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
    name: 'bid',
    machine: createBidMachine(),
    about:
      'One entity a bidding centre considers, one actor each (`{centre}/bid/{auctionId}`): it reserves its best free agent under a lease (the next one on a denial or no answer) or promises a time from its queue, bids in the form the entity asks for, confirms an award only while the lease holds, and releases the lease when the bid loses. An agent’s own computer runs the same machine on the agent’s side: it waits for the agent’s decision and asks the home centre to bid. See docs/auctions.md.',
  },
];

/** The docs/machines pages as they should be now. */
export const machineDiagrams = () =>
  machines.map(({ name, machine, about }) => ({
    file: `docs/machines/${name}.md`,
    text: `# The ${name} statechart\n\n${about}\n\nGenerated from the machine by \`npm run diagrams\`; a test fails when this page is out of date.\n\n\`\`\`mermaid\n${toMermaid(machine)}\n\`\`\`\n`,
  }));
