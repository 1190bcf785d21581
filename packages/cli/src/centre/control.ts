import { ErrorCode } from '@contactmesh/core';
import {
  boundedArray,
  boundedRecord,
  boundedString,
  closedType,
  finite,
  int,
  invalidMessage,
  Language,
  Media,
  ObjectId,
  Proficiency,
  SkillName,
  Text,
} from '@contactmesh/core/protocol';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { Capacity } from './centre-config.js';

/** Longest control line `contactmesh centre` reads from its standard input. */
export const maxControlLineBytes = 16_384;

const Ref = boundedString(128);
const seconds = finite(0, 31_536_000);

const codecs = {
  arrive: closedType(
    'arrive',
    { op: t.literal('arrive'), skillset: SkillName },
    {
      ref: Ref,
      id: ObjectId,
      media: Media,
      priority: int(0, 100),
      language: Language,
      value: finite(0, 1e12),
      /** Talk time once answered; default: the config's `forwardedTalkSeconds`. */
      talkSeconds: seconds,
      /** The customer hangs up after waiting this long; absent: never. */
      patienceSeconds: seconds,
    },
  ),
  end: closedType('end', { op: t.literal('end'), contact: ObjectId }, { ref: Ref }),
  abandon: closedType('abandon', { op: t.literal('abandon'), contact: ObjectId }, { ref: Ref }),
  login: closedType('login', { op: t.literal('login'), agent: ObjectId }, { ref: Ref }),
  logout: closedType('logout', { op: t.literal('logout'), agent: ObjectId }, { ref: Ref }),
  ready: closedType('ready', { op: t.literal('ready'), agent: ObjectId }, { ref: Ref }),
  notReady: closedType('notReady', { op: t.literal('notReady'), agent: ObjectId }, { ref: Ref, reason: Text }),
  snapshot: closedType('snapshot', { op: t.literal('snapshot') }, { ref: Ref }),
  stop: closedType('stop', { op: t.literal('stop') }, { ref: Ref }),
  // The ACD's own lines, when the ACD drives the centre (no --simulate): docs/cli.md, "Driving it from your ACD".
  'agent.login': closedType(
    'agent.login',
    { op: t.literal('agent.login'), agent: ObjectId, skills: boundedRecord(SkillName, Proficiency, 64) },
    { ref: Ref, displayName: boundedString(128, 1), capacity: Capacity, languages: boundedArray(Language, 16) },
  ),
  'agent.ready': closedType('agent.ready', { op: t.literal('agent.ready'), agent: ObjectId }, { ref: Ref }),
  'agent.notReady': closedType('agent.notReady', { op: t.literal('agent.notReady'), agent: ObjectId }, { ref: Ref, reason: Text }),
  'agent.logout': closedType('agent.logout', { op: t.literal('agent.logout'), agent: ObjectId }, { ref: Ref }),
  'agent.answer': closedType('agent.answer', { op: t.literal('agent.answer'), agent: ObjectId, contact: ObjectId }, { ref: Ref }),
  'agent.decline': closedType('agent.decline', { op: t.literal('agent.decline'), agent: ObjectId, contact: ObjectId }, { ref: Ref }),
  'contact.arrive': closedType(
    'contact.arrive',
    { op: t.literal('contact.arrive'), id: ObjectId, skillset: SkillName },
    { ref: Ref, media: Media, priority: int(0, 100), language: Language, value: finite(0, 1e12) },
  ),
  'contact.end': closedType('contact.end', { op: t.literal('contact.end'), contact: ObjectId }, { ref: Ref }),
  'contact.wrapped': closedType('contact.wrapped', { op: t.literal('contact.wrapped'), contact: ObjectId }, { ref: Ref }),
  'contact.abandon': closedType('contact.abandon', { op: t.literal('contact.abandon'), contact: ObjectId }, { ref: Ref }),
  'contact.resync': closedType('contact.resync', { op: t.literal('contact.resync'), contact: ObjectId, agent: ObjectId }, { ref: Ref }),
} as const;

/** The ops of an ACD that drives the centre itself; the others steer a simulated one (`--simulate`). */
export const acdOps: ReadonlySet<string> = new Set(Object.keys(codecs).filter((op) => op.includes('.')));

/** One command on the control channel (a JSON object per line; docs/cli.md). */
export type ControlCommand = { [K in keyof typeof codecs]: t.TypeOf<(typeof codecs)[K]> }[keyof typeof codecs];

const ops = Object.keys(codecs) as (keyof typeof codecs)[];
const isOp = (op: unknown): op is keyof typeof codecs => typeof op === 'string' && (ops as string[]).includes(op);

/**
 * Decodes one control line: JSON, then the codec its `op` names. Never throws.
 *
 * @example
 * ```ts
 * parseControlLine('{"op":"arrive","skillset":"billing"}'); // { ok: true, command: { op: 'arrive', skillset: 'billing' } }
 * parseControlLine('{"op":"dance"}'); // { ok: false, code: 'CM_ERR_INVALID_MESSAGE', error: 'unknown op "dance" (known: arrive, end, …)' }
 * ```
 */
export function parseControlLine(
  line: string,
): { ok: true; command: ControlCommand } | { ok: false; code: ErrorCode; error: string; ref?: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, code: ErrorCode.MALFORMED_JSON, error: `not JSON: ${(error as Error).message}` };
  }
  const op = typeof value === 'object' && value !== null ? (value as { op?: unknown }).op : undefined;
  const rawRef = typeof value === 'object' && value !== null ? (value as { ref?: unknown }).ref : undefined;
  const ref = typeof rawRef === 'string' && rawRef.length <= 128 ? { ref: rawRef } : {};
  if (!isOp(op))
    return {
      ok: false,
      code: ErrorCode.INVALID_MESSAGE,
      error: `unknown op ${JSON.stringify(op) ?? 'undefined'} (known: ${ops.join(', ')})`,
      ...ref,
    };
  const decoded = (codecs[op] as t.Type<ControlCommand, unknown, unknown>).decode(value);
  if (isLeft(decoded))
    return { ok: false, code: ErrorCode.INVALID_MESSAGE, error: invalidMessage(decoded.left, [], 'command').message, ...ref };
  return { ok: true, command: decoded.right };
}

/**
 * Splits a byte stream into lines of at most `maxBytes`: a longer line is dropped whole (up to its
 * newline) and reported through `tooLong`, so one bad writer cannot make the process buffer
 * without bound.
 *
 * @example
 * ```ts
 * const split = lineSplitter(16_384, (line) => handle(line), (bytes) => report(bytes));
 * process.stdin.on('data', split);
 * ```
 */
export function lineSplitter(maxBytes: number, line: (text: string) => void, tooLong: (bytes: number) => void): (chunk: Buffer) => void {
  let parts: Buffer[] = [];
  let size = 0;
  let dropping = false;
  return (chunk) => {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      if (!dropping && size + piece.length <= maxBytes) {
        const text = Buffer.concat([...parts, piece])
          .toString('utf8')
          .trim();
        if (text !== '') line(text);
      } else {
        tooLong(size + piece.length);
      }
      parts = [];
      size = 0;
      dropping = false;
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    if (dropping || rest.length === 0) {
      size += rest.length;
      return;
    }
    if (size + rest.length > maxBytes) {
      dropping = true;
      size += rest.length;
      parts = [];
      return;
    }
    parts.push(Buffer.from(rest));
    size += rest.length;
  };
}
