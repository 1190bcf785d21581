import type { AnyStateMachine, AnyStateNode } from 'xstate';

interface TransitionLike {
  readonly eventType: string;
  readonly target?: readonly AnyStateNode[] | undefined;
  readonly guard?: unknown;
  readonly reenter: boolean;
}

const name = (node: AnyStateNode): string => node.path.join('_') || 'root';

function guardLabel(guard: unknown): string {
  if (guard === undefined) return '';
  if (typeof guard === 'string') return ` [${guard}]`;
  // and()/or() are functions carrying `guards`; named guards are objects with a `type`.
  if ((typeof guard === 'object' || typeof guard === 'function') && guard !== null && 'guards' in guard) {
    const g = guard as { type?: string; guards?: unknown[] };
    const word = g.type === 'xstate.or' ? ' or ' : ' and ';
    return ` [${(g.guards ?? []).map((x) => guardLabel(x).slice(2, -1)).join(word)}]`;
  }
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    const g = guard as { type: string; params?: unknown; guards?: unknown[] };
    if (g.type === 'xstate.and' || g.type === 'xstate.or')
      return ` [${(g.guards ?? []).map((x) => guardLabel(x).slice(2, -1)).join(g.type === 'xstate.and' ? ' and ' : ' or ')}]`;
    const params = g.params === undefined ? '' : ` ${Object.values(g.params as Record<string, unknown>).join(' ')}`;
    return ` [${g.type}${params}]`;
  }
  return ' [guard]';
}

/** The transitions leaving `node` itself. */
function own(node: AnyStateNode, indent: string): string[] {
  const transitions: TransitionLike[] = [...(node.always ?? []), ...[...node.transitions.values()].flat()];
  return transitions.flatMap((transition) => {
    const targets = transition.target ?? [];
    const event = transition.eventType || 'always';
    return (targets.length > 0 ? targets : transition.reenter ? [node] : []).map(
      (target) => `${indent}${name(node)} --> ${name(target)}: ${event}${guardLabel(transition.guard)}`,
    );
  });
}

/** The inside of a compound state: its initial state, its children (compound ones as blocks) and their transitions. */
function inside(node: AnyStateNode, indent: string): string[] {
  const children = Object.values(node.states) as AnyStateNode[];
  const initial = node.initial?.target?.[0];
  const out: string[] = initial ? [`${indent}[*] --> ${name(initial)}`] : [];
  for (const child of children) {
    if (Object.keys(child.states).length > 0) out.push(`${indent}state ${name(child)} {`, ...inside(child, `${indent}  `), `${indent}}`);
    if (child.type === 'final') out.push(`${indent}${name(child)} --> [*]`);
  }
  for (const child of children) out.push(...own(child, indent));
  return out;
}

/**
 * A Mermaid state diagram of a machine, generated from its definition (transitions that change
 * state; targetless ones that only act are left out). `docs/machines/` holds one per machine,
 * kept current by a test.
 *
 * @example
 * ```ts
 * const mermaid = toMermaid(agentMachine); // "stateDiagram-v2\n  [*] --> loggedOut\n  …"
 * ```
 */
export function toMermaid(machine: AnyStateMachine): string {
  const root = machine.root as AnyStateNode;
  const body = inside(root, '  ');
  const rootLevel = [...root.transitions.values()].flat() as TransitionLike[];
  const global = rootLevel.flatMap((t) => (t.target ?? []).map((target) => `  %% from any state: ${t.eventType} --> ${name(target)}`));
  return ['stateDiagram-v2', ...body, ...global].join('\n');
}
