/** What {@link h} sets on a new element: its `part` names, classes and other attributes. */
export type ElementProps = { readonly [attribute: string]: string | undefined };

/**
 * Creates an element with attributes and children. Strings become text nodes, never markup, so
 * server data can be passed as is: there is no `innerHTML` anywhere in the element.
 *
 * @example
 * ```ts
 * h('dd', { part: 'value agent' }, status.agent ?? '');
 * ```
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: readonly (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) element.setAttribute(name, value);
  element.append(...children);
  return element;
}
