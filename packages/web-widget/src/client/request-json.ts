import { parseJson } from './parse-wire.js';

/** The part of `fetch` the client uses; the global `fetch` fits it. */
export type FetchLike = (
  url: string,
  init: RequestInit,
) => Promise<{ readonly status: number; readonly headers: { get(name: string): string | null }; text(): Promise<string> }>;

/** An HTTP answer: its status, its JSON body (`undefined` when too large or not JSON), and `Retry-After`. */
export interface JsonReply {
  readonly status: number;
  readonly body: unknown;
  readonly retryAfterMs?: number;
}

/**
 * One request to the gateway, with no cookies (the token is the only credential). Rejects only when
 * the network fails; every HTTP status resolves.
 */
export async function requestJson(fetchFn: FetchLike, url: string, init: RequestInit): Promise<JsonReply> {
  const response = await fetchFn(url, { ...init, credentials: 'omit', mode: 'cors', cache: 'no-store' });
  const body = parseJson(await response.text());
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
  return { status: response.status, body, ...(retryAfter >= 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
}
