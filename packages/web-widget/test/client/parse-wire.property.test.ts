import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CustomerStatus, parseCommandAnswer, parseCustomerStatus, parseLiveFrame, reconnectDelay } from '../../src/client/index.js';
import { queuedStatus } from './fakes.js';

// The hand-written guards stand where io-ts stands on the server: nothing unchecked from the
// gateway reaches the page.

const status = fc.record({
  state: fc.constantFrom('queued', 'connected', 'ended' as const),
  media: fc.constantFrom('voice', 'chat', 'webform' as const),
  skillset: fc.string({ minLength: 1, maxLength: 40 }),
  position: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
  agent: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
  allowedCommands: fc.subarray(['switchQueue', 'requestCallback', 'switchToEmail', 'switchToWebForm', 'cancel'] as const),
  otherQueues: fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 5 }),
  updatedAt: fc.integer({ min: 0 }),
});
const withoutUndefined = (value: object) => JSON.parse(JSON.stringify(value)) as CustomerStatus;

describe('the guards of the wire', () => {
  it('never throw, whatever text arrives as a frame', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.anything()), (frame) => {
        const parsed = parseLiveFrame(frame);
        expect(parsed === undefined || ['status', 'gone', 'pong'].includes(parsed.type)).toBe(true);
      }),
    );
  });

  it('return every well-formed status as it was sent', () => {
    fc.assert(
      fc.property(status, (sent) => {
        const wire = withoutUndefined(sent);
        expect(parseLiveFrame(JSON.stringify({ type: 'status', status: wire }))).toEqual({ type: 'status', status: wire });
      }),
    );
  });

  it('keep only the known fields, and drop command kinds this widget does not know (a newer gateway still works)', () => {
    const sent = { ...queuedStatus(), allowedCommands: ['cancel', 'teleport'], internalContactId: 'c-42', agentId: 'a-7' };
    expect(parseCustomerStatus(sent)).toEqual(queuedStatus({ allowedCommands: ['cancel'] }));
  });

  it.each([
    ['a missing state', { state: undefined }],
    ['an unknown media', { media: 'fax' }],
    ['a position of 0', { position: 0 }],
    ['a fractional position', { position: 1.5 }],
    ['an empty skillset', { skillset: '' }],
    ['otherQueues that are not strings', { otherQueues: [1] }],
    ['a wait without a method', { expectedWait: { seconds: 1, low: 0, high: 2 } }],
    ['an infinite updatedAt', { updatedAt: Number.POSITIVE_INFINITY }],
    ['an agent of 500 characters', { agent: 'x'.repeat(500) }],
    ['65 other queues', { otherQueues: Array.from({ length: 65 }, (_, i) => `q${i}`) }],
  ])('refuse a status with %s', (_, change) => {
    expect(parseCustomerStatus({ ...queuedStatus(), ...change })).toBeUndefined();
  });

  it('read a command answer: acceptance with a status, refusal with a reason, nothing else', () => {
    expect(parseCommandAnswer({ accepted: true, status: queuedStatus() })).toEqual({ accepted: true, status: queuedStatus() });
    expect(parseCommandAnswer({ accepted: false, reason: 'no', retry: true })).toEqual({ accepted: false, reason: 'no', retry: true });
    expect(parseCommandAnswer({ accepted: true })).toBeUndefined();
    expect(parseCommandAnswer({ accepted: false })).toBeUndefined();
    expect(parseCommandAnswer({ accepted: false, reason: 'no', retry: 'yes' })).toBeUndefined();
  });
});

describe('the reconnection back-off', () => {
  it('doubles from 1 s to a 30 s ceiling, drawing each delay from [ceiling / 2, ceiling]', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, draw) => {
        const ceiling = Math.min(30_000, 1_000 * 2 ** attempt);
        const delay = reconnectDelay(attempt, () => draw);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }),
    );
  });
});
