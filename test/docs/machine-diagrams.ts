import { agentMachine, contactMachine, toMermaid } from '@contactmesh/core';

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
];

/** The docs/machines pages as they should be now. */
export const machineDiagrams = () =>
  machines.map(({ name, machine, about }) => ({
    file: `docs/machines/${name}.md`,
    text: `# The ${name} statechart\n\n${about}\n\nGenerated from the machine by \`npm run diagrams\`; a test fails when this page is out of date.\n\n\`\`\`mermaid\n${toMermaid(machine)}\n\`\`\`\n`,
  }));
