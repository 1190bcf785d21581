import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { machineDiagrams } from './machine-diagrams.js';

describe('docs/machines', () => {
  it.each(machineDiagrams())('$file matches the machine (run `npm run diagrams` after changing it)', ({ file, text }) => {
    expect(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')).toBe(text);
  });
});
