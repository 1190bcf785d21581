/**
 * A short, printable rendering of any value for error messages: JSON-like, at most `max`
 * characters (a longer one ends in `…`). It never throws and never recurses, whatever the value —
 * deep, cyclic, huge, a BigInt, a symbol, an object whose getters throw — because it is used on
 * what untrusted input held. Only as much of the value is walked as fits in `max`.
 *
 * @example
 * ```ts
 * preview({ rev: -1, state: 'idle' }); // '{"rev":-1,"state":"idle"}'
 * preview(JSON.parse('['.repeat(9_999) + ']'.repeat(9_999)), 10); // '[[[[[[[[[…'
 * ```
 */
export function preview(value: unknown, max = 80): string {
  let text: string;
  try {
    text = render(value, max);
  } catch {
    text = fallback(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** An array, typed array or object being written: its keys (none for the indexed ones), how far it got and how many items it wrote. */
interface Open {
  readonly value: object;
  readonly keys: readonly string[] | undefined;
  readonly length: number;
  next: number;
  written: number;
}

/** What JSON leaves out of an object, and writes as `null` in an array. */
const notJson = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';

// One loop over an explicit stack instead of recursion; it stops once the text is longer than
// `max`, so the stack never holds more than `max` levels either.
function render(root: unknown, max: number): string {
  let text = '';
  const open: Open[] = [];
  let value: unknown = root;
  let pending = true;
  while (text.length <= max) {
    if (pending) {
      pending = false;
      const scalar = scalarText(value, max);
      if (scalar !== undefined) text += scalar;
      else if (open.some((o) => o.value === value)) text += '"[Circular]"';
      else text += begin(value as object, open);
      continue;
    }
    const top = open.at(-1);
    if (top === undefined) break;
    if (top.next >= top.length) {
      text += top.keys === undefined ? ']' : '}';
      open.pop();
      continue;
    }
    const i = top.next++;
    let label = '';
    if (top.keys === undefined) {
      value = (top.value as ArrayLike<unknown>)[i];
      if (notJson(value)) value = null;
    } else {
      const key = top.keys[i] as string;
      value = (top.value as Record<string, unknown>)[key];
      if (notJson(value)) continue;
      label = `${JSON.stringify(key.length > max ? key.slice(0, max) : key)}:`;
    }
    text += `${top.written++ > 0 ? ',' : ''}${label}`;
    pending = true;
  }
  return text;
}

function begin(value: object, open: Open[]): string {
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    open.push({ value, keys: undefined, length: (value as ArrayLike<unknown>).length, next: 0, written: 0 });
    return '[';
  }
  const keys = Object.keys(value);
  open.push({ value, keys, length: keys.length, next: 0, written: 0 });
  return '{';
}

/** The text of a value that is not walked into, or undefined for an array or object. */
function scalarText(value: unknown, max: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > max ? value.slice(0, max) : value);
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString().slice(0, max);
    case 'function':
      return `[function ${String(value.name).slice(0, max)}]`;
    default:
      if (value === null) return 'null';
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'null' : JSON.stringify(value.toISOString());
      return undefined;
  }
}

// What is left when walking the value threw (a getter or a proxy trap that throws).
function fallback(value: unknown): string {
  try {
    return Object.prototype.toString.call(value);
  } catch {
    return '(a value that cannot be shown)';
  }
}
