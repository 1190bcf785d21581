/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A piece of markup that is already safe; everything else put into {@link html} is escaped. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = string | number | Markup | undefined | null | false | readonly Part[];

const render = (part: Part): string => {
  if (part === undefined || part === null || part === false) return '';
  if (part instanceof Markup) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
};

/**
 * A template tag that escapes every value it is given unless it is {@link Markup} (made by
 * `html` itself): server data can never become markup.
 *
 * @example
 * ```ts
 * html`<p>${name}</p>`; // name "<b>" renders as &lt;b&gt;
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: readonly Part[]): Markup {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as Part) + (strings[i + 1] ?? '');
  return new Markup(out);
}
