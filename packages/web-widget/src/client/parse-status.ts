import {
  type CommandKind,
  type ContactState,
  type CustomerStatus,
  commandKinds,
  contactStates,
  type ExpectedWait,
  type Media,
  mediaTypes,
} from './customer-status.js';

// Hand-written guards instead of io-ts: the widget must stay small. Each returns a fresh object
// holding only the known fields, so nothing the server adds reaches the page by accident.

/** Longest text field the widget accepts from the gateway (a skillset, an agent's name, a method). */
const maxText = 200;
const maxQueues = 64;

export type JsonObject = { readonly [key: string]: unknown };

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
export const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= maxText;
export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isCount = (value: unknown): value is number => isFiniteNumber(value) && value >= 0;
const isPosition = (value: unknown): value is number => Number.isInteger(value) && isCount(value) && value >= 1;
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (value: unknown): value is T =>
    values.some((known) => known === value);
const isState = oneOf<ContactState>(contactStates);
const isMedia = oneOf<Media>(mediaTypes);
const isCommandKind = oneOf<CommandKind>(commandKinds);

function parseWait(value: unknown): ExpectedWait | undefined {
  if (!isObject(value) || !isCount(value.seconds) || !isCount(value.low) || !isCount(value.high) || !isText(value.method)) return undefined;
  if (value.low > value.high) return undefined;
  return { seconds: value.seconds, low: value.low, high: value.high, method: value.method };
}

/**
 * Checks that `value` is a {@link CustomerStatus} and returns a copy of its known fields, or
 * `undefined`. Command kinds this widget does not know are dropped, so a newer gateway still works.
 *
 * @example
 * ```ts
 * parseCustomerStatus(JSON.parse(text)) ?? keepTheLastOne();
 * ```
 */
export function parseCustomerStatus(value: unknown): CustomerStatus | undefined {
  if (!isObject(value) || !isState(value.state) || !isMedia(value.media) || !isText(value.skillset)) return undefined;
  const { position, expectedWait, agent, substitute, allowedCommands, otherQueues, updatedAt } = value;
  if (!Array.isArray(allowedCommands) || !Array.isArray(otherQueues) || otherQueues.length > maxQueues) return undefined;
  if (!otherQueues.every(isText) || !isFiniteNumber(updatedAt)) return undefined;
  if (position !== undefined && !isPosition(position)) return undefined;
  const wait = parseWait(expectedWait);
  if ((expectedWait !== undefined && wait === undefined) || (agent !== undefined && !isText(agent))) return undefined;
  if (substitute !== undefined && !isText(substitute)) return undefined;
  return {
    state: value.state,
    media: value.media,
    skillset: value.skillset,
    ...(position === undefined ? {} : { position }),
    ...(wait === undefined ? {} : { expectedWait: wait }),
    ...(agent === undefined ? {} : { agent }),
    ...(substitute === undefined ? {} : { substitute }),
    allowedCommands: allowedCommands.filter(isCommandKind),
    otherQueues: [...otherQueues],
    updatedAt,
  };
}
