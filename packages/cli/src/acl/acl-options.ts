import { InvalidArgumentError } from 'commander';

/** What `contactmesh acl` was asked for. */
export interface AclOptions {
  readonly network: string;
  readonly centres: readonly string[];
  readonly gateways?: readonly string[];
  /** Agents' own computers, each with its home centre. */
  readonly agents?: readonly AgentNode[];
}

/** An agent's own computer (`createAgentBidder`'s `node`) and its home centre. */
export interface AgentNode {
  readonly node: string;
  readonly home: string;
}

/** A participant list that cannot make an ACL (ids in two places, an agent whose home is no centre); the message says which. */
export class ParticipantsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParticipantsError';
  }
}

const idPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;
const idRule = 'a-z, 0-9 and - (at most 63 characters, not starting with -)';

/** Splits a comma-separated flag value, refusing an item given twice. */
function split(flag: string, value: string): string[] {
  const list = value.split(',').map((item) => item.trim());
  for (const item of list)
    if (list.indexOf(item) !== list.lastIndexOf(item)) throw new InvalidArgumentError(`${flag} names ${JSON.stringify(item)} twice.`);
  return list;
}

/**
 * Parses `--centres` (and `--gateways`): participant ids separated by commas.
 *
 * @example
 * ```ts
 * parseIdList('--centres', 'north,south'); // ['north', 'south']
 * ```
 */
export function parseIdList(flag: '--centres' | '--gateways', value: string): readonly string[] {
  const example = flag === '--centres' ? 'north,south,east' : 'gateway-1,gateway-2';
  return split(flag, value).map((id) => {
    if (!idPattern.test(id))
      throw new InvalidArgumentError(
        `${flag} takes ids of ${idRule}, separated by commas, e.g. ${flag} ${example}; got ${JSON.stringify(id)}.`,
      );
    return id;
  });
}

/**
 * Parses `--agents`: `node:home` pairs separated by commas, each an agent's own computer and its
 * home centre.
 *
 * @example
 * ```ts
 * parseAgents('london-ada:london'); // [{ node: 'london-ada', home: 'london' }]
 * ```
 */
export function parseAgents(value: string): readonly AgentNode[] {
  return split('--agents', value).map((pair) => {
    const [node = '', home = '', ...extra] = pair.split(':');
    if (!idPattern.test(node) || !idPattern.test(home) || extra.length > 0) {
      throw new InvalidArgumentError(
        `--agents takes node:home pairs (each ${idRule}), separated by commas, e.g. --agents london-ada:london; got ${JSON.stringify(pair)}.`,
      );
    }
    return { node, home };
  });
}

/**
 * Checks the participants together: every id names one participant only, and each agent's home is
 * one of the centres. Throws a {@link ParticipantsError} naming the id.
 *
 * @example
 * ```ts
 * checkParticipants({ network: 'acme', centres: ['london'], agents: [{ node: 'london-ada', home: 'paris' }] });
 * // ParticipantsError: --agents: the home of london-ada, paris, is not one of --centres (london).
 * ```
 */
export function checkParticipants(options: AclOptions): void {
  const seen = new Map<string, string>();
  const claim = (id: string, flag: string) => {
    const before = seen.get(id);
    if (before !== undefined) {
      throw new ParticipantsError(`${JSON.stringify(id)} is in both ${before} and ${flag}: each participant has one id and one role.`);
    }
    seen.set(id, flag);
  };
  for (const id of options.centres) claim(id, '--centres');
  for (const id of options.gateways ?? []) claim(id, '--gateways');
  for (const { node, home } of options.agents ?? []) {
    claim(node, '--agents');
    if (!options.centres.includes(home)) {
      throw new ParticipantsError(`--agents: the home of ${node}, ${home}, is not one of --centres (${options.centres.join(', ')}).`);
    }
  }
}
