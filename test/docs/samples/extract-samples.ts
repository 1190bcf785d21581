import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One fenced block of a Markdown page. */
export interface Fence {
  /** The page, relative to the repository root: `docs/embedding.md`. */
  readonly doc: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string's first word (`ts`, `sh`, …); empty when the fence names none. */
  readonly lang: string;
  /** The block's text, its indentation (inside a list item) removed. */
  readonly code: string;
  /** The reason of a `<!-- not-compiled: reason -->` marker on the line before the fence (blank lines allowed between). */
  readonly notCompiled?: string;
}

const opening = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const marker = /^<!--\s*not-compiled:\s*(.*?)\s*-->$/;

/** Every fenced block of one Markdown text. */
export function fencesIn(doc: string, text: string): Fence[] {
  const lines = text.split('\n');
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = opening.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', ticks = '', lang = ''] = open;
    let end = i + 1;
    while (end < lines.length && !(lines[end] ?? '').trim().startsWith(ticks)) end += 1;
    const code = lines
      .slice(i + 1, end)
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()))
      .join('\n');
    let before = i - 1;
    while (before >= 0 && (lines[before] ?? '').trim() === '') before -= 1;
    const notCompiled = marker.exec((lines[before] ?? '').trim())?.[1];
    fences.push({ doc, line: i + 1, lang, code, ...(notCompiled === undefined ? {} : { notCompiled }) });
    i = end;
  }
  return fences;
}

/** Every fenced block of the Markdown pages directly in `dir` (not docs/api/ or docs/machines/), but the pages left out. */
export function docFences(root: string, dir: string, leftOut: readonly string[] = []): Fence[] {
  return readdirSync(join(root, dir))
    .filter((name) => name.endsWith('.md') && !leftOut.includes(name))
    .sort()
    .flatMap((name) => fencesIn(`${dir}/${name}`, readFileSync(join(root, dir, name), 'utf8')));
}

/** The fences compiled as TypeScript. */
export const isTypeScript = (fence: Fence): boolean => fence.lang === 'ts' || fence.lang === 'typescript';
