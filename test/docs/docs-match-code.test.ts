import { readFileSync } from 'node:fs';
import { centreOptionFields, defaultLimits, errorCodes } from '@contactmesh/core';
import { coreMessages } from '@contactmesh/core/protocol';
import { describe, expect, it } from 'vitest';

const doc = (name: string) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

describe('the docs match the code', () => {
  it('docs/errors.md has one heading per error code, and no heading for a code that does not exist', () => {
    const headings = [...doc('errors.md').matchAll(/^## (CM_ERR_[A-Z_]+)$/gm)].map((m) => m[1]);
    expect([...headings].sort()).toEqual([...errorCodes].sort());
  });

  it('docs/limits.md lists every limit with its default value', () => {
    const rows = new Map([...doc('limits.md').matchAll(/^\| `(\w+)` \| (\d+) \|/gm)].map((m) => [m[1], Number(m[2])]));
    expect(Object.fromEntries(rows)).toEqual({ ...defaultLimits });
  });

  it('docs/embedding.md lists every option createCentre checks, and every field of each policy', () => {
    const rows = new Map(
      [...doc('embedding.md').matchAll(/^\| `([\w.]+)` \| (?:yes|no) \| (.*) \|$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']),
    );
    const topLevel = new Set([...rows.keys()].map((name) => name.split('.')[0]));
    expect([...topLevel].sort()).toEqual([...centreOptionFields.options].sort());
    for (const policy of ['policies.router', 'policies.agent', 'policies.contact'] as const) {
      const text = rows.get(policy) ?? '';
      const missing = centreOptionFields[policy].filter((field) => !text.includes(`\`${field}\``));
      expect(missing, `${policy} fields missing from docs/embedding.md`).toEqual([]);
    }
  });

  it('docs/protocol.md describes every message type of the core protocol', () => {
    const described = [...doc('protocol.md').matchAll(/^\| `([a-z.]+[A-Za-z]*)` \| /gm)].map((m) => m[1]);
    for (const type of Object.keys(coreMessages.bodies)) expect(described).toContain(type);
  });
});
