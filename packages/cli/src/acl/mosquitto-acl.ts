import { type ParticipantRole, topicGrants } from '@contactmesh/core/protocol';
import { type AclOptions, checkParticipants } from './acl-options.js';

type Access = 'read' | 'write';
interface Line {
  readonly access: Access;
  readonly topic: string;
}

// Mosquitto applies `pattern` lines to every user, so only a centre's grants under its own id
// (%u) are patterns: the gateway and agent blocks deny the ones they must not have. The inbox
// write is per user, so that an agent's computer writes only to its home centre's inbox.
const centre = topicGrants('centre', '%u');
const patterns: readonly Line[] = [
  ...centre.write.filter((t) => t.includes('%u') && !t.startsWith('inbox/')).map((topic) => ({ access: 'write' as const, topic })),
  ...centre.read.filter((t) => t.includes('%u')).map((topic) => ({ access: 'read' as const, topic })),
];

/** A participant's own lines: what the patterns give it and it may not have (denied), then its grants the patterns do not cover. */
function block(role: ParticipantRole, id: string, home?: string): { readonly deny: readonly string[]; readonly grants: readonly Line[] } {
  const grants = topicGrants(role, id);
  const mine = patterns.map(({ access, topic }) => ({ access, topic: topic.replaceAll('%u', id) }));
  const covered = (access: Access, topic: string) => mine.some((p) => p.access === access && p.topic === topic);
  const inbox = `inbox/+/from/${id}`;
  return {
    deny: mine.filter(({ access, topic }) => !grants[access].includes(topic)).map((p) => p.topic),
    grants: [
      ...grants.write
        .filter((t) => !covered('write', t))
        .map((t) => ({ access: 'write' as const, topic: home !== undefined && t === inbox ? `inbox/${home}/from/${id}` : t })),
      ...grants.read.filter((t) => !covered('read', t)).map((topic) => ({ access: 'read' as const, topic })),
    ],
  };
}

/**
 * A Mosquitto ACL file (`acl_file`) implementing the topic layout for one network: each
 * participant's MQTT user name is its participant id, and it may publish only on the topics that
 * name it as their publisher and read only what its role reads (docs/security.md). Centres share
 * `pattern` lines with `%u`; each participant also has a `user` block: a centre's inbox, status and
 * read lines, and for gateways and agents' computers `deny` lines for what the patterns would give
 * them, then their own grants. An agent's computer writes only to its home centre's inbox.
 * Throws a `ParticipantsError` when an id is given twice or an agent's home is not a centre.
 *
 * @example
 * ```ts
 * process.stdout.write(mosquittoAcl({ network: 'acme', centres: ['north', 'south'], gateways: ['gateway-1'] }));
 * ```
 */
export function mosquittoAcl(options: AclOptions): string {
  checkParticipants(options);
  const root = `cm/${options.network}`;
  const gateways = options.gateways ?? [];
  const agents = options.agents ?? [];
  const out: string[] = [
    `# Mosquitto acl_file for contactmesh network "${options.network}", made by \`contactmesh acl\` (docs/security.md).`,
    `# MQTT user name = participant id. Centres: ${options.centres.join(', ')}.` +
      (gateways.length === 0 ? '' : ` Gateways: ${gateways.join(', ')}.`) +
      (agents.length === 0 ? '' : ` Agents' computers: ${agents.map((a) => `${a.node} (home ${a.home})`).join(', ')}.`),
    `# Every topic under ${root}/ names its one publisher, and each participant writes only its own.`,
    '# Give broker accounts to these participants only: the pattern lines apply to every user, and a',
    "# user without a block below would get a centre's writes under its own name.",
    '',
    "# Every centre's presence (and will), replicas, auctions and bids, under its own id (%u: the user",
    '# name); every participant reads its own inbox.',
    ...patterns.map(({ access, topic }) => `pattern ${access} ${root}/${topic}`),
  ];
  const user = (comment: string, id: string, lines: { readonly deny: readonly string[]; readonly grants: readonly Line[] }) =>
    out.push(
      '',
      `# ${comment}`,
      `user ${id}`,
      ...lines.deny.map((topic) => `topic deny ${root}/${topic}`),
      ...lines.grants.map(({ access, topic }) => `topic ${access} ${root}/${topic}`),
    );
  for (const id of options.centres) {
    user(`Centre ${id}: inbox messages as itself, any status page (contacts move), the network's shared state.`, id, block('centre', id));
  }
  for (const id of gateways) {
    user(`Gateway ${id}: none of a centre's writes; customers' commands as itself, status pages.`, id, block('gateway', id));
  }
  for (const { node, home } of agents) {
    const comment = `Agent's computer ${node}: none of a centre's writes, not even a presence; bid requests to ${home} only, its node presence, open auctions.`;
    user(comment, node, block('agent', node, home));
  }
  return `${out.join('\n')}\n`;
}
