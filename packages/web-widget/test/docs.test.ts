import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StatusClientErrorCode } from '../src/client/index.js';
import { statusRows } from '../src/element/status-view.js';

// docs/web-widget.md is the web developer's reference: it must name every error code, part and
// custom property the code has, and nothing the code does not have.

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const doc = read('../../../docs/web-widget.md');
const element = read('../src/element/contact-status-element.ts');
const styles = read('../src/element/styles.ts');
const sources = ['status-view.ts', 'command-panel.ts', 'command-forms.ts', 'contact-status-element.ts']
  .map((f) => read(`../src/element/${f}`))
  .join('\n');

const section = (heading: string) => doc.split(/^## /m).find((s) => s.startsWith(heading)) ?? '';
const tableNames = (heading: string) => [...section(heading).matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]).sort();
const unique = (names: (string | undefined)[]) => [...new Set(names)].sort();

describe('docs/web-widget.md matches the code', () => {
  it('has a heading for every error code of the client, and none other', () => {
    const headings = [...section('Errors').matchAll(/^### (CM_ERR_[A-Z_]+)$/gm)].map((m) => m[1]);
    expect(headings.sort()).toEqual(Object.values(StatusClientErrorCode).sort());
  });

  it('documents every part the element sets, as its JSDoc does', () => {
    const jsdoc = unique([...element.matchAll(/@csspart ([a-z-]+)/g)].map((m) => m[1]));
    // Literal part names, plus `value ${row}` of the status list.
    const code = sources.replace(/^\s*(\*|\/\/|\/\*\*).*$/gm, '');
    const literal = [...code.matchAll(/part: '([a-z -]+)'/g)].flatMap((m) => m[1]?.split(' ') ?? []);
    const used = unique([...literal, 'value', ...statusRows]);
    expect(tableNames('Parts')).toEqual(used);
    expect(jsdoc).toEqual(unique([...literal, 'value']));
  });

  it('documents every --cm-* custom property with its default, as the JSDoc does', () => {
    const defaults = new Map([...styles.matchAll(/var\((--cm-[a-z-]+), ([^)]+)\)/g)].map((m) => [m[1], m[2]]));
    const rows = new Map([...section('Custom properties').matchAll(/^\| `(--cm-[a-z-]+)` \| `([^`]+)` \|/gm)].map((m) => [m[1], m[2]]));
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(defaults));
    expect(unique([...element.matchAll(/@cssprop (--cm-[a-z-]+)/g)].map((m) => m[1]))).toEqual(unique([...defaults.keys()]));
  });

  it('names both events with their classes', () => {
    for (const [name, cls] of [
      ['contact-status-change', 'ContactStatusChangeEvent'],
      ['contact-command-result', 'ContactCommandResultEvent'],
    ]) {
      expect(section('Events')).toContain(`| \`${name}\` | \`${cls}\` |`);
      expect(element).toContain(`@fires ${name}`);
    }
  });
});
