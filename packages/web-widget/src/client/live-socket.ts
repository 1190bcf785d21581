/** The part of an event the client reads: `data` of a message, `code` of a close. */
export interface LiveSocketEvent {
  readonly type: string;
  readonly data?: unknown;
  readonly code?: number;
}

/**
 * The part of the browser's `WebSocket` the client uses: the transport contract is this one small
 * type, so tests hand in a fake and the client never knows more about sockets.
 */
export interface LiveSocket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: LiveSocketEvent) => void): void;
}

/** `WebSocket`, or anything constructed like it. */
export type LiveSocketConstructor = new (url: string) => LiveSocket;
