import type { CommandAnswer } from './customer-command.js';
import type { CustomerStatus } from './customer-status.js';
import { isObject, isText, parseCustomerStatus } from './parse-status.js';

/** The largest frame or response body the client reads; anything longer is ignored unparsed. */
export const maxWireChars = 64 * 1024;

/** What the live socket can say (see the gateway contract). */
export type LiveFrame =
  | { readonly type: 'status'; readonly status: CustomerStatus }
  | { readonly type: 'gone' }
  | { readonly type: 'pong' };

/** `JSON.parse` behind a size check; `undefined` for anything too long or not JSON. */
export function parseJson(text: unknown): unknown {
  if (typeof text !== 'string' || text.length > maxWireChars) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads one text frame of the live socket; `undefined` for a frame that is not one of the three
 * the contract names (the client ignores it).
 *
 * @example
 * ```ts
 * parseLiveFrame('{"type":"gone"}'); // { type: 'gone' }
 * parseLiveFrame('{"type":"status","status":{}}'); // undefined
 * ```
 */
export function parseLiveFrame(text: unknown): LiveFrame | undefined {
  const frame = parseJson(text);
  if (!isObject(frame)) return undefined;
  if (frame.type === 'gone' || frame.type === 'pong') return { type: frame.type };
  if (frame.type !== 'status') return undefined;
  const status = parseCustomerStatus(frame.status);
  return status === undefined ? undefined : { type: 'status', status };
}

const maxReason = 500;

/** Reads the `200` body of `POST …/commands`; `undefined` when it does not match the contract. */
export function parseCommandAnswer(body: unknown): CommandAnswer | undefined {
  if (!isObject(body) || typeof body.accepted !== 'boolean') return undefined;
  if (body.accepted) {
    const status = parseCustomerStatus(body.status);
    return status === undefined ? undefined : { accepted: true, status };
  }
  const { reason, retry } = body;
  if (typeof reason !== 'string' || reason.length > maxReason || (retry !== undefined && retry !== true)) return undefined;
  return { accepted: false, reason, ...(retry === true ? { retry } : {}) };
}

/** The `{ error: { code, message } }` body of a refused request, when it has one. */
export function parseErrorBody(body: unknown): { readonly code: string; readonly message: string } | undefined {
  if (!isObject(body) || !isObject(body.error)) return undefined;
  const { code, message } = body.error;
  return isText(code) && typeof message === 'string' ? { code, message: message.slice(0, maxReason) } : undefined;
}
