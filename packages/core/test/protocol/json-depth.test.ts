import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors/codes.js';
import { checkJsonDepth, coreMessages, decode, jsonDepth } from '../../src/protocol/index.js';
import { agentSnapshot, json } from './fixtures.js';

// issue: Every door checked, report 9 — a message of arrays ~5,000 deep (about 10 KB) made
// decode() throw while it built the error's preview. Nesting is now bounded before parsing.

const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const objects = (depth: number) => `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`;

describe('jsonDepth', () => {
  it.each([
    ['3', 0],
    ['{}', 1],
    ['[{"a":[]}]', 3],
    ['{"a":"[[[{{{"}', 1],
    ['{"a":"\\"[[["}', 1],
    ['[1],[2],[[3]]', 2],
    [']]][', 1],
  ])('finds %s nested %i deep, counting no bracket inside a string', (text, depth) => {
    expect(jsonDepth(text)).toBe(depth);
    expect(jsonDepth(new TextEncoder().encode(text))).toBe(depth);
  });

  it('stops counting once past the limit', () => {
    expect(jsonDepth('['.repeat(100_000), 64)).toBe(65);
  });

  it('names the limit in its refusal', () => {
    const error = checkJsonDepth(arrays(65), 64);
    expect(error?.code).toBe(ErrorCode.INVALID_MESSAGE);
    expect(error?.details.limit).toBe(64);
    expect(error?.message).toMatch(/more than 64 deep \(maxJsonDepth\)/);
    expect(checkJsonDepth(arrays(64), 64)).toBeUndefined();
  });
});

describe('decode of deeply nested input', () => {
  it.each([
    ['arrays 5,000 deep (about 10 KB)', arrays(5_000)],
    ['arrays 100,000 deep', arrays(100_000)],
    ['objects 5,000 deep', objects(5_000)],
    ['a message whose body is 5,000 deep', json({ ...agentSnapshot, body: 0 }).replace('"body":0', `"body":${arrays(5_000)}`)],
  ])('refuses %s with a coded error naming maxJsonDepth, never an exception', (_, text) => {
    const result = decode(text, { maxPayloadBytes: 1_000_000 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(ErrorCode.INVALID_MESSAGE);
    expect(result.error.message).toMatch(/maxJsonDepth/);
    expect(result.error.message.length).toBeLessThan(300);
  });

  it('checks the size before the depth', () => {
    expect(decode(arrays(100_000))).toMatchObject({ ok: false, error: { code: ErrorCode.PAYLOAD_TOO_LARGE } });
  });

  it('takes maxJsonDepth as an option', () => {
    const message = json(agentSnapshot); // the envelope, its body and the skills: 3 deep
    expect(decode(message, { maxJsonDepth: 3 }).ok).toBe(true);
    expect(decode(message, { maxJsonDepth: 2 })).toMatchObject({ ok: false, error: { code: ErrorCode.INVALID_MESSAGE } });
  });

  it('refuses a message whose codec throws, instead of throwing', () => {
    const throwing = new t.Type<unknown, unknown, unknown>(
      'throwing',
      (u): u is unknown => {
        throw new Error(`cannot check ${String(u)}`);
      },
      () => {
        throw new Error('cannot decode');
      },
      (a) => a,
    );
    const registry = coreMessages.extend({ boom: throwing });
    const result = decode(json({ ...agentSnapshot, type: 'boom', body: 1 }), { registry });
    expect(result).toMatchObject({ ok: false, error: { code: ErrorCode.INVALID_MESSAGE } });
    if (!result.ok) expect(result.error.message).toMatch(/codec threw.*cannot decode/);
  });
});
