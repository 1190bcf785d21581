/**
 * The default answer to "does the agent's computer `node` speak for `agent` of `centre`?": only
 * the node named `{centre}-{agent}` does (restrict node ids at the broker or relay).
 *
 * @example
 * ```ts
 * speaksForByName('london')('london-ada', 'ada'); // true
 * ```
 */
export const speaksForByName =
  (centre: string) =>
  (node: string, agent: string): boolean =>
    node === `${centre}-${agent}`;
