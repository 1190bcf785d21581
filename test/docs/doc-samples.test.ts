import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CompiledSample, compileSamples } from './samples/compile-samples.js';
import { docFences, type Fence, fencesIn, isTypeScript } from './samples/extract-samples.js';

// Every ```ts block of docs/*.md is type-checked against today's packages, so a sample cannot rot.
// Each becomes a module of its own under test-results/doc-samples/ (open one to see what was
// checked), importing every name it uses from the public entries or from samples/preamble.ts, and
// all are checked in one program. A block that is not TypeScript is fenced as text, sh, json or
// html; one that cannot compile on its own says why in a `<!-- not-compiled: reason -->` line
// before its fence.

const root = fileURLToPath(new URL('../../', import.meta.url));
const fences = docFences(root, 'docs', []);
const samples = fences.filter((fence) => isTypeScript(fence) && fence.notCompiled === undefined);

// Wrong samples the check must catch, compiled in the same program as the real ones.
const wrong = fencesIn(
  'docs/(self-check).md',
  [
    '```ts',
    "centre.agents.logon('a1');",
    '```',
    '```ts',
    'interface CentreInfo {',
    '  centre: string;',
    "  status: 'online' | 'offline';",
    '}',
    '```',
  ].join('\n'),
);

const compiled = new Map<Fence, CompiledSample>();
beforeAll(() => {
  const results = compileSamples([...samples, ...wrong], {
    root,
    outDir: fileURLToPath(new URL('../../test-results/doc-samples/', import.meta.url)),
    preamble: fileURLToPath(new URL('./samples/preamble.ts', import.meta.url)),
    sampleDir: fileURLToPath(new URL('./', import.meta.url)),
  });
  for (const result of results) compiled.set(result.fence, result);
}, 60_000);

describe('the code samples of docs/', () => {
  it('names a language on every fence, so no TypeScript escapes the check unlabelled', () => {
    expect(fences.filter((fence) => fence.lang === '').map((fence) => `${fence.doc}:${fence.line}`)).toEqual([]);
  });

  it('says why whenever a sample is left out', () => {
    const silent = fences.filter((fence) => fence.notCompiled !== undefined && fence.notCompiled.length < 10);
    expect(silent.map((fence) => `${fence.doc}:${fence.line}`)).toEqual([]);
  });

  it.each(samples.map((fence) => [`${fence.doc}:${fence.line}`, fence] as const))('%s type-checks', (_, fence) => {
    const sample = compiled.get(fence);
    expect(sample?.errors, sample?.file).toEqual([]);
  });

  it('reports a wrong call at its line of the page, and a spelled-out type that is not the exported one', () => {
    expect(wrong.map((fence) => compiled.get(fence)?.errors)).toEqual([
      [expect.stringMatching(/^docs\/\(self-check\)\.md:2: Property 'logon' does not exist .* Did you mean 'login'\?$/)],
      ['docs/(self-check).md:4: the CentreInfo spelled out here is not the CentreInfo of @contactmesh/core'],
    ]);
  });
});

describe('fencesIn', () => {
  it('reads the language, un-indents a fence inside a list item, and keeps a not-compiled reason', () => {
    const page = ['- step:', '', '  ```ts', '  run();', '  ```', '', '<!-- not-compiled: needs a browser -->', '```ts', 'x', '```'];
    expect(fencesIn('docs/p.md', page.join('\n'))).toEqual([
      { doc: 'docs/p.md', line: 3, lang: 'ts', code: 'run();' },
      { doc: 'docs/p.md', line: 8, lang: 'ts', code: 'x', notCompiled: 'needs a browser' },
    ]);
  });
});
