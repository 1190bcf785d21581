/**
 * What a customer sees of their own contact, as the gateway sends it (status-page claims 4, 28).
 * The browser side keeps its own copy of the wire shape instead of importing `@contactmesh/core`,
 * whose codecs (io-ts, rxjs) would not fit the widget's size budget; a type test keeps the two in step.
 */

/** Every state a contact can be in, as the customer sees it. */
export const contactStates = [
  'arriving',
  'queued',
  'reserving',
  'offered',
  'connected',
  'wrapUp',
  'ended',
  'forwarded',
  'abandoned',
  'substituted',
  'expired',
] as const;
export type ContactState = (typeof contactStates)[number];

/** The media a contact arrived on. */
export const mediaTypes = ['voice', 'chat', 'email', 'video', 'sms', 'webform'] as const;
export type Media = (typeof mediaTypes)[number];

/** The commands a customer can give their own contact (claims 5, 6, 16–18, 30, 31). */
export const commandKinds = ['switchQueue', 'requestCallback', 'switchToEmail', 'switchToWebForm', 'cancel'] as const;
export type CommandKind = (typeof commandKinds)[number];

/** An expected wait: an estimate in seconds, a range, and the estimator that made it. */
export interface ExpectedWait {
  readonly seconds: number;
  readonly low: number;
  readonly high: number;
  /** The estimator's name, e.g. `erlangC`. */
  readonly method: string;
}

/** The status of one contact, as `GET /api/contacts/{token}` and the live socket deliver it. */
export interface CustomerStatus {
  readonly state: ContactState;
  readonly media: Media;
  /** The skillset queue the contact waits in, e.g. `billing`. */
  readonly skillset: string;
  /** 1-based place in the queue, only while queued. */
  readonly position?: number;
  /** Only while queued. */
  readonly expectedWait?: ExpectedWait;
  /** The display name of the agent, while offered, connected or in wrap-up. */
  readonly agent?: string;
  /** `callback`, `email` or `webform` once the contact was substituted. */
  readonly substitute?: string;
  /** Commands the customer may give now. */
  readonly allowedCommands: readonly CommandKind[];
  /** Queues a `switchQueue` may name now. */
  readonly otherQueues: readonly string[];
  /** Milliseconds since the epoch. */
  readonly updatedAt: number;
}

const terminal: ReadonlySet<ContactState> = new Set(['ended', 'abandoned', 'substituted', 'expired']);

/**
 * True for the states after which a contact never changes again.
 *
 * @example
 * ```ts
 * isTerminalState('substituted'); // true
 * isTerminalState('queued'); // false
 * ```
 */
export function isTerminalState(state: ContactState): boolean {
  return terminal.has(state);
}
