/**
 * WebSocket close codes of the relay and its clients. 1000–1013 are the standard ones; 4000–4999 are ours.
 * A client treats every close as a lost connection (and reconnects), except after its own `bye`.
 */
export const CloseCode = {
  /** After a `bye`: a clean goodbye, no will. */
  NORMAL: 1000,
  /** The relay is shutting down. */
  GOING_AWAY: 1001,
  /** A frame before hello, a hello with a bad will, or a hello (or will) outside the identity `authenticate` bound the connection to. */
  POLICY: 1008,
  /**
   * The participant's unsent bytes (with those the relay holds for it under `slowConsumer:
   * 'coalesce'`) passed `maxBufferedBytes`: it does not keep up.
   */
  TRY_AGAIN_LATER: 1013,
  /**
   * The client's own, never sent by the relay: it gave up waiting on the relay (no `welcome` within
   * `connectTimeoutMs`, or nothing heard for `heartbeatIntervalMs` + `heartbeatTimeoutMs`) and reconnects.
   */
  TIMEOUT: 4008,
  /** The participant id is connected already (`CM_ERR_DUPLICATE_PARTICIPANT`). */
  DUPLICATE: 4009,
  /** The participant went on publishing over its `rateLimit` until `closeAfterRefusals` were refused in one spell. */
  RATE_LIMITED: 4029,
} as const;
