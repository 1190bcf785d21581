import { readFileSync } from 'node:fs';
import { centreOptionFields, defaultLimits, errorCodes } from '@contactmesh/core';
import { coreMessages, messageSenders } from '@contactmesh/core/protocol';
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

  it('docs/security.md says who sends each message type as messageSenders does', () => {
    const section = doc('security.md').split('### What each role sends')[1]?.split('\n### ')[0] ?? '';
    const roles: Record<string, string> = { 'a centre': 'centre', 'a gateway': 'gateway', "an agent's computer": 'agent' };
    const documented = [...section.matchAll(/^\| ((?:`[a-zA-Z.]+`(?:, )?)+) \| ([^|]+) \|/gm)].flatMap((m) =>
      [...(m[1] ?? '').matchAll(/`([a-zA-Z.]+)`/g)].map((t) => `${t[1]} ${roles[(m[2] ?? '').trim()] ?? 'none'}`),
    );
    const senders = Object.entries(messageSenders).flatMap(([type, by]) => {
      const who = Object.keys(by);
      return who.length === 0 ? [`${type} none`] : who.map((role) => `${type} ${role}`);
    });
    expect([...new Set(documented)].sort()).toEqual(senders.sort());
  });

  it('docs/protocol.md describes every message type of the core protocol', () => {
    const described = [...doc('protocol.md').matchAll(/^\| `([a-z.]+[A-Za-z]*)` \| /gm)].map((m) => m[1]);
    for (const type of Object.keys(coreMessages.bodies)) expect(described).toContain(type);
  });
});
