import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWidgetBundle } from '../../src/bundle/build-widget.js';

// The one-line loader the gateway serves as /widget.js: small, self-contained, and free of what a
// strict Content-Security-Policy forbids.

/** The size budget of widget.js, gzipped. */
const budgetBytes = 12_000;

describe('the widget bundle (/widget.js)', () => {
  let bundle: string;
  beforeAll(async () => {
    bundle = await buildWidgetBundle();
  }, 30_000);

  it(`is at most ${budgetBytes / 1000} kB gzipped`, () => {
    const gzipped = gzipSync(bundle, { level: 9 }).length;
    expect(gzipped, `widget.js is ${gzipped} bytes gzipped (${bundle.length} minified)`).toBeLessThanOrEqual(budgetBytes);
  });

  it('is one classic script: an IIFE with no import, require or Node module', () => {
    expect(bundle).toMatch(/^"use strict";\(\(\)=>\{[\s\S]*\}\)\(\);\n$/);
    expect(bundle).not.toMatch(/\bimport\s*[({"'*]|\brequire\(|["']node:|from\s*["']ws["']/);
  });

  it('uses nothing a CSP without unsafe-eval or unsafe-inline forbids, and parses no markup', () => {
    for (const forbidden of [
      'eval(',
      'new Function',
      'innerHTML',
      'outerHTML',
      'insertAdjacentHTML',
      'document.write',
      'setAttribute("style"',
      '.cssText',
    ]) {
      expect(bundle, forbidden).not.toContain(forbidden);
    }
  });

  it('registers <contact-status> only when the name is still free', () => {
    expect(bundle).toMatch(/customElements\.get\("contact-status"\)/);
    expect(bundle).toMatch(/customElements\.define\("contact-status"/);
  });
});
