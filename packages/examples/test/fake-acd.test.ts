import { describe, expect, it } from 'vitest';
import { main } from '../src/fake-acd.js';

describe('the fake ACD example', () => {
  it('rings an agent, shows a waiting customer their place, books their call-back and reports the outcomes', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    const text = lines.join('\n');
    expect(text).toMatch(/^ACD: ring ada's phone with voice contact call-1$/m);
    expect(text).toMatch(/^customer of call-3 sees: queued, position 2\b/m);
    expect(text).toMatch(/^customer of call-3 asks for a call-back: accepted$/m);
    expect(text).toMatch(/^ACD: book a callback to \+44 20 7946 0000 for call-3 in billing/m);
    expect(text).toMatch(/^centre: call-1 ended: handled$/m);
    expect(text).toMatch(/^centre: call-3 ended: substituted$/m);
    expect(text).toMatch(/^metrics for billing: offered 3, answered 2, handled 2, abandoned 0\b/m);
  });

  it('tells the same story on every run', async () => {
    const run = async () => {
      const lines: string[] = [];
      await main((line) => lines.push(line));
      return lines;
    };
    expect(await run()).toEqual(await run());
  });
});
