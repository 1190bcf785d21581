import { createRandom, ErrorCode } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-context.js';
import { barrier, expectMessages, listen, receivedBefore } from './inbox.js';

/** Payloads no decoder would accept, which a transport must still carry as plain bytes. */
function malformedPayloads(maxPayloadBytes: number): Uint8Array[] {
  const random = createRandom(2024);
  const randomBytes = Array.from({ length: 20 }, () => Uint8Array.from({ length: random.int(0, 512) }, () => random.int(0, 255)));
  const invalidUtf8 = [
    [0xff, 0xfe, 0xfd],
    [0xc3, 0x28],
    [0xe2, 0x82],
    [0xed, 0xa0, 0x80],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
  ].map((bytes) => Uint8Array.from(bytes));
  const encoder = new TextEncoder();
  const depth = Math.min(10_000, Math.floor(maxPayloadBytes / 4));
  const nestedJson = encoder.encode(`${'['.repeat(depth)}${']'.repeat(depth)}`);
  const wideJson = encoder.encode(JSON.stringify({ items: 'x'.repeat(maxPayloadBytes - 64) }));
  const truncatedJson = encoder.encode('{"type":"reserve","body":{"agent":');
  return [...randomBytes, ...invalidUtf8, nestedJson, wideJson, truncatedJson, new Uint8Array(0)];
}

/** Limits and hostile input. */
export function robustnessContract(ctx: ContractContext): void {
  describe('limits and malformed input', () => {
    it('refuses a payload over the limit with CM_ERR_PAYLOAD_TOO_LARGE and keeps the subscriber working', async () => {
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      const inbox = listen(bob, ctx.topic('big'));
      const limit = alice.guarantees.maxPayloadBytes;
      const tooLarge = { name: 'ContactmeshError', code: ErrorCode.PAYLOAD_TOO_LARGE };
      await expect(alice.publish(ctx.topic('big'), new Uint8Array(limit + 1))).rejects.toMatchObject(tooLarge);
      await expect(alice.publish(ctx.topic('big'), 'x'.repeat(limit + 1), { qos: 1 })).rejects.toMatchObject(tooLarge);
      await expect(alice.publish(ctx.topic('big'), '€'.repeat(Math.ceil(limit / 3) + 1))).rejects.toMatchObject(tooLarge);
      const marker = await barrier(ctx.env, alice, ctx.topic('big'), inbox);
      expect(receivedBefore(inbox, marker)).toEqual([]);
      expect(inbox.completed || inbox.error !== undefined).toBe(false);
    });

    it('delivers malformed payloads as bytes, and later valid messages still arrive', async () => {
      const alice = await ctx.env.connect('alice');
      const bob = await ctx.env.connect('bob');
      const inbox = listen(bob, ctx.topic('hostile'));
      const payloads = malformedPayloads(alice.guarantees.maxPayloadBytes);
      for (const payload of payloads) await alice.publish(ctx.topic('hostile'), payload);
      await alice.publish(ctx.topic('hostile'), '{"ok":true}', { qos: 1 });
      await expectMessages(ctx.env, inbox, payloads.length + 1);
      // Compared as base64: a deep equality over 64 KiB of array elements is needlessly slow.
      const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
      expect(inbox.messages.slice(0, payloads.length).map((m) => base64(m.payload))).toEqual(payloads.map(base64));
      expect(inbox.messages.every((m) => m.payload instanceof Uint8Array)).toBe(true);
      expect(inbox.texts.at(-1)).toBe('{"ok":true}');
      expect(inbox.completed || inbox.error !== undefined).toBe(false);
    });
  });
}
