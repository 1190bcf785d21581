import type { ConnectOptions, Transport } from '@contactmesh/core';

/**
 * What the transport contract suite needs from one transport under test. One env per test; the
 * suite never sleeps: it moves only through `settle()`.
 */
export interface ContractEnv {
  /** A connected transport for a participant id (a fresh one each call). */
  connect(participantId: string, options?: ConnectOptions): Promise<Transport>;
  /** Makes a participant vanish without a clean close, so its will fires (a real socket: destroy it). */
  crash(participantId: string): Promise<void>;
  /**
   * Lets in-flight traffic move on: a memory hub runs its virtual clock until idle; a real
   * transport waits a round of barrier messages. The suite calls it until what it waits for arrives.
   */
  settle(): Promise<void>;
  /** Closes everything the env opened. */
  dispose(): Promise<void>;
  /** Prefix of every topic the suite uses, so runs against a shared broker do not see each other. Default `cm-contract`. */
  readonly topicPrefix?: string;
  /**
   * What happens when a participant id that is connected connects again — the one behaviour in which
   * transports differ:
   * - `refuse` (the memory hub): the second connect rejects with `CM_ERR_DUPLICATE_PARTICIPANT`, and
   *   the first connection keeps working;
   * - `takeover` (an MQTT broker): the second connection wins, the first is ended, and its will fires
   *   as for any connection lost without a clean close. The first goes `closed` for good where the
   *   broker says it was taken over (MQTT 5 reason code 142); where it cannot say (3.1.1, Mosquitto
   *   before 2.0.15) the first cannot tell a takeover from a lost connection, and is `reconnecting`.
   *
   * Default `refuse`.
   */
  readonly duplicateParticipant?: 'refuse' | 'takeover';
}

/** Builds a fresh env for each test. */
export type MakeContractEnv = () => Promise<ContractEnv>;
