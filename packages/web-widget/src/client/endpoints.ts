/** The URLs of one contact at one gateway. */
export interface ContactUrls {
  /** `GET`: the current status. */
  readonly status: string;
  /** `POST`: a command. */
  readonly commands: string;
  /** The live WebSocket. */
  readonly live: string;
}

const tokenPattern = /^[A-Za-z0-9_-]{22}$/;

/** True when `token` has the shape of a status token (22 URL-safe base64 characters). */
export const isStatusToken = (token: string): boolean => tokenPattern.test(token);

/**
 * The URLs for `token` at the gateway `endpoint` (an http(s) base URL). A bad endpoint is a
 * programmer's mistake: `TypeError`.
 *
 * @example
 * ```ts
 * contactUrls('https://status.example.com', token).live; // 'wss://status.example.com/api/contacts/…/live'
 * ```
 */
export function contactUrls(endpoint: string, token: string): ContactUrls {
  let base: URL;
  try {
    base = new URL(endpoint);
  } catch (cause) {
    throw new TypeError(`endpoint must be the gateway's base URL, such as "https://status.example.com"; got ${JSON.stringify(endpoint)}.`, {
      cause,
    });
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new TypeError(`endpoint must be an http: or https: URL, such as "https://status.example.com"; got ${JSON.stringify(endpoint)}.`);
  }
  const status = `${base.origin}${base.pathname.replace(/\/+$/, '')}/api/contacts/${encodeURIComponent(token)}`;
  return { status, commands: `${status}/commands`, live: `${status.replace(/^http/, 'ws')}/live` };
}
