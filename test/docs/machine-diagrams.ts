import {
  agentMachine,
  auctioneerMachine,
  contactMachine,
  createAuctionMachine,
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
    name: 'auctioneer',
    machine: auctioneerMachine,
    about:
      'The owner’s side of a centre’s auctions, one per centre that auctions. It has one state; its guards decide: its own contacts tell it of every change, and it opens an auction of a contact that waits in an auctioned queue (once the router has had its go), one at a time; cancels it when the contact leaves or switches queue; opens another `retryMs` after one nobody won if the contact still waits; and releases a bid that comes after its auction is over, except a late copy of the winning bid. See docs/auctions.md.',
  },
];

/** The docs/machines pages as they should be now. */
export const machineDiagrams = () =>
  machines.map(({ name, machine, about }) => ({
    file: `docs/machines/${name}.md`,
    text: `# The ${name} statechart\n\n${about}\n\nGenerated from the machine by \`npm run diagrams\`; a test fails when this page is out of date.\n\n\`\`\`mermaid\n${toMermaid(machine)}\n\`\`\`\n`,
  }));
