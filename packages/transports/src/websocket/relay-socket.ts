/** What the client does with one socket's events. */
export interface SocketHandlers {
  open(): void;
  message(data: string | Uint8Array): void;
  /** Called once, whether the socket closed cleanly, failed to open or broke. */
  close(code: number, reason: string): void;
}

/** One WebSocket to a relay, as the client uses it: the same shape over `ws` and over a browser's `WebSocket`. */
export interface RelaySocket {
  send(frame: string | Uint8Array): void;
  close(code?: number): void;
  /** Tears the connection down without a closing handshake, where the runtime can (`ws` can, a browser cannot). */
  terminate?(): void;
}

/** Opens a socket to `url`; the Node entry does it with `ws`, the browser entry with the global `WebSocket`. */
export type OpenSocket = (url: string, handlers: SocketHandlers) => RelaySocket;
