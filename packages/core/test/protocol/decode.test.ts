import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors/codes.js';
import { coreMessages, decode, encode } from '../../src/protocol/index.js';
import { agentSnapshot, commandRequest, contactSnapshot, json } from './fixtures.js';

const failure = (input: Uint8Array | string, options = {}) => {
  const result = decode(input, options);
  if (result.ok) throw new Error(`expected a failure, decoded ${json(result.value)}`);
  return result.error;
};

describe('decode', () => {
  it.each([agentSnapshot, contactSnapshot, commandRequest])('decodes a valid $type message from bytes and from a string', (message) => {
    const bytes = encode(message);
    expect(bytes.ok).toBe(true);
    if (!bytes.ok) return;
    expect(decode(bytes.value)).toEqual({ ok: true, value: message });
    expect(decode(json(message))).toEqual({ ok: true, value: message });
  });

  it('refuses an oversized payload before parsing it', () => {
    const error = failure(`{"v":1,${' '.repeat(200)}`, { maxPayloadBytes: 100 });
    expect(error.code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
    expect(error.details.limit).toBe(100);
    expect(error.message).toMatch(/over the limit of 100 bytes/);
  });

  it('counts multi-byte characters when checking the size of a string', () => {
    // 40 characters of 3 bytes each: 120 bytes, over a 100-byte limit though only 40 code units.
    expect(failure('€'.repeat(40), { maxPayloadBytes: 100 }).code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(failure(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])).code).toBe(ErrorCode.MALFORMED_JSON);
  });

  it('refuses text that is not JSON, quoting it', () => {
    const error = failure('{"v":1, nope');
    expect(error.code).toBe(ErrorCode.MALFORMED_JSON);
    expect(error.message).toContain('nope');
  });

  it.each([['null'], ['[1,2]'], ['"text"'], ['42']])('refuses %s, which is JSON but not an envelope', (input) => {
    expect(failure(input).code).toBe(ErrorCode.INVALID_MESSAGE);
  });

  it('refuses a protocol version it does not speak', () => {
    const error = failure(json({ ...agentSnapshot, v: 2 }));
    expect(error.code).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(error.details.path).toBe('v');
  });

  it('names the path, the expectation and the value of a bad body field', () => {
    const error = failure(json({ ...agentSnapshot, body: { ...agentSnapshot.body, rev: -1 } }));
    expect(error.code).toBe(ErrorCode.INVALID_MESSAGE);
    expect(error.details.path).toBe('body.rev');
    expect(error.message).toMatch(/body\.rev: expected an integer from 0 to \d+, got -1/);
  });

  it('names a missing field', () => {
    const { from: _, ...rest } = agentSnapshot;
    const error = failure(json(rest));
    expect(error.details.path).toBe('from');
    expect(error.message).toMatch(/missing/);
  });

  it('names a bad field nested in a record', () => {
    const error = failure(json({ ...agentSnapshot, body: { ...agentSnapshot.body, skills: { billing: 11 } } }));
    expect(error.details.path).toBe('body.skills.billing');
  });

  it('names the bad field of the command whose kind matches', () => {
    const bad = { ...commandRequest, body: { ...commandRequest.body, command: { kind: 'switchQueue', skillset: 'NOT A SKILL' } } };
    expect(failure(json(bad)).details.path).toBe('body.command.skillset');
  });

  it('refuses an unknown message type with its own code', () => {
    const error = failure(json({ ...agentSnapshot, type: 'agent.teleport' }));
    expect(error.code).toBe(ErrorCode.UNKNOWN_MESSAGE_TYPE);
    expect(error.details.path).toBe('type');
  });

  it('refuses addresses that would break topics', () => {
    expect(failure(json({ ...agentSnapshot, from: 'london/agent/a+1' })).details.path).toBe('from');
    expect(failure(json({ ...agentSnapshot, from: 'london/agent' })).details.path).toBe('from');
  });

  it('decodes message types an embedder adds to the registry', () => {
    const registry = coreMessages.extend({ ping: t.type({ n: t.number }) });
    const ping = { v: 1, id: 'x-1', type: 'ping', from: 'a/test/p', ts: 0, body: { n: 1 } };
    expect(decode(json(ping), { registry })).toEqual({ ok: true, value: ping });
    expect(failure(json(ping)).code).toBe(ErrorCode.UNKNOWN_MESSAGE_TYPE);
  });

  it('refuses to redefine a message type', () => {
    expect(() => coreMessages.extend({ presence: t.type({}) })).toThrow(/already defined/);
  });
});

describe('encode', () => {
  it('refuses a message over the limit with a coded error', () => {
    const result = encode(agentSnapshot, 50);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
  });
});
