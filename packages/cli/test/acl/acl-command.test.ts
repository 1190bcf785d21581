import { topicMatches } from '@contactmesh/core';
import { type ParticipantRole, topicGrants } from '@contactmesh/core/protocol';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/index.js';
import { runCli } from '../run-cli.js';

// `contactmesh acl` prints the topic layout as a Mosquitto acl_file. Beyond the text, the file is
// read here the way Mosquitto 2.0 reads it (src/security_default.c): a user's own lines first,
// `deny` ones ahead of the others, then the pattern lines (again denials first) with %u as the
// user name; the first line whose topic matches decides, and nothing matching denies.

interface Rule {
  readonly access: 'read' | 'write' | 'readwrite' | 'deny';
  readonly topic: string;
}

/** Whether Mosquitto, with `acl` as its acl_file, lets `user` read or write `topic`. */
function mosquittoAllows(acl: string, user: string, access: 'read' | 'write', topic: string): boolean {
  const users = new Map<string | undefined, Rule[]>();
  const patterns: Rule[] = [];
  let current: string | undefined;
  const add = (list: Rule[], rule: Rule) => (rule.access === 'deny' ? list.unshift(rule) : list.push(rule));
  for (const line of acl.split('\n')) {
    const [keyword, a, t] = line.trim().split(/\s+/);
    if (keyword === 'user') current = a;
    else if (keyword === 'topic' || keyword === 'pattern') {
      const rule = { access: a, topic: t } as Rule;
      if (keyword === 'pattern') add(patterns, rule);
      else add(users.get(current) ?? users.set(current, []).get(current) ?? [], rule);
    }
  }
  const decide = (rules: readonly Rule[], substitute: (t: string) => string): boolean | undefined => {
    for (const rule of rules) {
      if (!topicMatches(substitute(rule.topic), topic)) continue;
      if (rule.access === 'deny') return false;
      if (rule.access === 'readwrite' || rule.access === access) return true;
    }
    return undefined;
  };
  return decide(users.get(user) ?? [], (t) => t) ?? decide(patterns, (t) => t.replaceAll('%u', user)) ?? false;
}

const aclOf = async (args: readonly string[]) => {
  const { out, err, exitCode } = await runCli(['acl', ...args]);
  expect({ err, exitCode }).toEqual({ err: '', exitCode: ExitCode.ok });
  return out;
};

describe('contactmesh acl', () => {
  it('prints the Mosquitto ACL of a three-centre network: patterns under each centre’s own id, and a block per centre', async () => {
    expect(await aclOf(['--network', 'acme', '--centres', 'north,south,east'])).toBe(
      [
        '# Mosquitto acl_file for contactmesh network "acme", made by `contactmesh acl` (docs/security.md).',
        '# MQTT user name = participant id. Centres: north, south, east.',
        '# Every topic under cm/acme/ names its one publisher, and each participant writes only its own.',
        '# Give broker accounts to these participants only: the pattern lines apply to every user, and a',
        "# user without a block below would get a centre's writes under its own name.",
        '',
        "# Every centre's presence (and will), replicas, auctions and bids, under its own id (%u: the user",
        '# name); every participant reads its own inbox.',
        'pattern write cm/acme/presence/%u',
        'pattern write cm/acme/replica/%u/agent/+',
        'pattern write cm/acme/replica/%u/contact/+',
        'pattern write cm/acme/auction/%u/+',
        'pattern write cm/acme/auction/+/+/bids/%u',
        'pattern read cm/acme/inbox/%u/#',
        ...['north', 'south', 'east'].flatMap((id) => [
          '',
          `# Centre ${id}: inbox messages as itself, any status page (contacts move), the network's shared state.`,
          `user ${id}`,
          `topic write cm/acme/inbox/+/from/${id}`,
          'topic write cm/acme/status/+',
          'topic read cm/acme/presence/+',
          'topic read cm/acme/replica/#',
          'topic read cm/acme/auction/#',
        ]),
      ].join('\n'),
    );
  });

  it('denies gateways and agents’ computers what the patterns would give them, and holds an agent to its home’s inbox', async () => {
    const acl = await aclOf(['--network', 'acme', '--centres', 'london,paris', '--gateways', 'gw', '--agents', 'london-ada:london']);
    expect(acl).toContain(
      [
        'user gw',
        'topic deny cm/acme/presence/gw',
        'topic deny cm/acme/replica/gw/agent/+',
        'topic deny cm/acme/replica/gw/contact/+',
        'topic deny cm/acme/auction/gw/+',
        'topic deny cm/acme/auction/+/+/bids/gw',
        'topic write cm/acme/inbox/+/from/gw',
        'topic read cm/acme/status/#',
      ].join('\n'),
    );
    // An agent's computer may not announce itself as a centre: its presence is a topic of its own.
    expect(acl).toContain(
      [
        'user london-ada',
        'topic deny cm/acme/presence/london-ada',
        'topic deny cm/acme/replica/london-ada/agent/+',
        'topic deny cm/acme/replica/london-ada/contact/+',
        'topic deny cm/acme/auction/london-ada/+',
        'topic deny cm/acme/auction/+/+/bids/london-ada',
        'topic write cm/acme/inbox/london/from/london-ada',
        'topic write cm/acme/node-presence/london-ada',
        'topic read cm/acme/auction/#',
      ].join('\n'),
    );
  });

  it('lets each participant, as Mosquitto reads the file, write and read exactly what its role may (an agent’s computer only to its home)', async () => {
    const acl = await aclOf(['--network', 'acme', '--centres', 'london,paris', '--gateways', 'gw', '--agents', 'london-ada:london']);
    const ids = ['london', 'paris', 'gw', 'london-ada', 'stranger'];
    const hash = 'a'.repeat(64);
    const topics = [
      ...ids.flatMap((x) => [
        `cm/acme/presence/${x}`,
        `cm/acme/node-presence/${x}`,
        `cm/acme/replica/${x}/agent/a1`,
        `cm/acme/replica/${x}/contact/c1`,
        `cm/acme/auction/${x}/c1`,
        ...ids.flatMap((y) => [`cm/acme/auction/${x}/c1/bids/${y}`, `cm/acme/inbox/${x}/from/${y}`]),
        `cm/acme/inbox/${x}`,
      ]),
      `cm/acme/status/${hash}`,
      `cm/other/presence/london`,
      'cm/acme/replica/london/agent/a1/deeper',
    ];
    const participants: [string, ParticipantRole][] = [
      ['london', 'centre'],
      ['paris', 'centre'],
      ['gw', 'gateway'],
      ['london-ada', 'agent'],
    ];
    for (const [id, role] of participants) {
      const grants = topicGrants(role, id);
      const layout = (list: readonly string[], topic: string) => list.some((g) => topicMatches(`cm/acme/${g}`, topic));
      for (const topic of topics) {
        // The one place the ACL is tighter than the layout: it knows the agent's home.
        const writes =
          layout(grants.write, topic) &&
          !(role === 'agent' && topic.startsWith('cm/acme/inbox/') && !topic.startsWith('cm/acme/inbox/london/'));
        expect(mosquittoAllows(acl, id, 'write', topic), `${id} writing ${topic}`).toBe(writes);
        // Mosquitto's deny is for reading too: a gateway or an agent's computer cannot read the
        // topics a centre of its name would publish on — which no one may publish on.
        const asCentre = topicGrants('centre', id).write.filter((g) => g.includes(id) && !g.startsWith('inbox/'));
        const deniedOwn = role !== 'centre' && layout(asCentre, topic) && !layout(grants.write, topic);
        expect(mosquittoAllows(acl, id, 'read', topic), `${id} reading ${topic}`).toBe(layout(grants.read, topic) && !deniedOwn);
      }
    }
  });

  it('refuses bad flags with the usage exit code and a message naming the flag, the rule and the value', async () => {
    const cases: [readonly string[], RegExp][] = [
      [['--centres', 'north'], /required option '--network <id>' not specified/],
      [['--network', 'acme'], /required option '--centres <ids>' not specified/],
      [['--network', 'Acme', '--centres', 'north'], /An id is a-z, 0-9 and -.*got "Acme"/],
      [['--network', 'acme', '--centres', 'north,North'], /--centres takes ids of a-z, 0-9 and -.*got "North"/],
      [['--network', 'acme', '--centres', 'north,'], /--centres takes ids .*got ""/],
      [['--network', 'acme', '--centres', 'north,north'], /--centres names "north" twice/],
      [['--network', 'acme', '--centres', 'north', '--gateways', 'north'], /"north" is in both --centres and --gateways/],
      [['--network', 'acme', '--centres', 'north', '--agents', 'ada'], /--agents takes node:home pairs .*got "ada"/],
      [['--network', 'acme', '--centres', 'north', '--agents', 'ada:north:x'], /--agents takes node:home pairs/],
      [['--network', 'acme', '--centres', 'north', '--agents', 'ada:south'], /the home of ada, south, is not one of --centres \(north\)/],
      [['--network', 'acme', '--centres', 'north', '--agents', 'north:north'], /"north" is in both --centres and --agents/],
    ];
    for (const [args, message] of cases) {
      const { out, err, exitCode } = await runCli(['acl', ...args]);
      expect({ exitCode, out }, args.join(' ')).toEqual({ exitCode: ExitCode.usage, out: '' });
      expect(err, args.join(' ')).toMatch(message);
    }
  });
});
