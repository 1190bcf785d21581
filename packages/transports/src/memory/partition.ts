import { checkParticipantId, invalidOption } from '../shared/option-checks.js';

/** Whether a message from one participant can reach another right now. */
export type Reachability = (from: string, to: string) => boolean;

/** Everyone reaches everyone. */
export const fullyConnected: Reachability = () => true;

/**
 * Compiles partition groups: participants in different groups cannot reach each other; a
 * participant named in no group reaches, and is reached by, everyone. Throws
 * `CM_ERR_INVALID_OPTION` when a participant is named in two groups.
 */
export function compilePartition(groups: readonly (readonly string[])[]): Reachability {
  if (!Array.isArray(groups)) throw invalidOption('partition', groups, 'an array of groups of participant ids');
  const groupOf = new Map<string, number>();
  groups.forEach((group: unknown, g) => {
    if (!Array.isArray(group)) throw invalidOption(`partition[${g}]`, group, 'an array of participant ids');
    group.forEach((id: unknown, i) => {
      const participant = checkParticipantId(`partition[${g}][${i}]`, id);
      const other = groupOf.get(participant);
      if (other !== undefined && other !== g) {
        throw invalidOption(`partition[${g}][${i}]`, participant, `in one group only (it is also in group ${other})`);
      }
      groupOf.set(participant, g);
    });
  });
  if (groupOf.size === 0) return fullyConnected;
  return (from, to) => {
    const a = groupOf.get(from);
    const b = groupOf.get(to);
    return a === undefined || b === undefined || a === b;
  };
}
