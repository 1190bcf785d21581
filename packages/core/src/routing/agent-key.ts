/**
 * What identifies an agent network-wide: its home centre and its id there (`london/a1`). Agent ids
 * come from each centre's ACD, so two centres may well both have an `a1`.
 *
 * @example
 * ```ts
 * agentKey({ home: 'london', id: 'a1' }); // 'london/a1'
 * ```
 */
export const agentKey = (agent: { readonly home: string; readonly id: string }): string => `${agent.home}/${agent.id}`;
