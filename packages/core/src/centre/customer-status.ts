import type { CustomerCommand } from '../protocol/messages/customer-command.js';
import type { ContactState } from '../protocol/messages/snapshots.js';
import type { Media } from '../protocol/primitives.js';

/** An expected wait as a customer sees it: an estimate, a range, and how it was made. */
export interface ExpectedWait {
  readonly seconds: number;
  readonly low: number;
  readonly high: number;
  /** The estimator's name, e.g. `erlangC`. */
  readonly method: string;
}

/**
 * What a customer may see of their own contact (status-page claims 4, 28): never an internal id,
 * never an agent's id — only the agent's display name.
 */
export interface CustomerStatus {
  readonly state: ContactState;
  readonly media: Media;
  /** The skillset queue the contact waits in. */
  readonly skillset: string;
  /** 1-based place in the queue while waiting. */
  readonly position?: number;
  readonly expectedWait?: ExpectedWait;
  /** The display name of the agent the contact is offered or connected to. */
  readonly agent?: string;
  /** The kind of substitute that replaced the contact (call-back, e-mail, web form). */
  readonly substitute?: string;
  /** Commands the customer can give now; empty once an agent is being connected or the contact ended. */
  readonly allowedCommands: readonly CustomerCommand['kind'][];
  /** Queues a `switchQueue` may name now. */
  readonly otherQueues: readonly string[];
  readonly updatedAt: number;
}

/** What the status is compiled from. */
export interface StatusInputs {
  readonly state: ContactState;
  readonly media: Media;
  readonly skillset: string;
  readonly updatedAt: number;
  readonly skillsets: readonly string[];
  readonly position?: number | undefined;
  readonly expectedWait?: ExpectedWait | undefined;
  readonly agentName?: string | undefined;
  readonly substitute?: string | undefined;
}

/**
 * Compiles a customer's view of their contact.
 *
 * @example
 * ```ts
 * compileStatus({ state: 'queued', media: 'voice', skillset: 'billing', updatedAt: now, skillsets: ['billing', 'sales'], position: 3 });
 * // { state: 'queued', position: 3, allowedCommands: ['switchQueue', 'requestCallback', …], otherQueues: ['sales'], … }
 * ```
 */
export function compileStatus(inputs: StatusInputs): CustomerStatus {
  const waiting = inputs.state === 'queued';
  const otherQueues = waiting ? inputs.skillsets.filter((s) => s !== inputs.skillset) : [];
  const allowedCommands: CustomerCommand['kind'][] = waiting
    ? [...(otherQueues.length > 0 ? (['switchQueue'] as const) : []), 'requestCallback', 'switchToEmail', 'switchToWebForm', 'cancel']
    : [];
  const showsAgent = inputs.state === 'offered' || inputs.state === 'connected' || inputs.state === 'wrapUp';
  return {
    state: inputs.state,
    media: inputs.media,
    skillset: inputs.skillset,
    ...(waiting && inputs.position !== undefined ? { position: inputs.position } : {}),
    ...(waiting && inputs.expectedWait !== undefined ? { expectedWait: inputs.expectedWait } : {}),
    ...(showsAgent && inputs.agentName !== undefined ? { agent: inputs.agentName } : {}),
    ...(inputs.substitute === undefined ? {} : { substitute: inputs.substitute }),
    allowedCommands,
    otherQueues,
    updatedAt: inputs.updatedAt,
  };
}
