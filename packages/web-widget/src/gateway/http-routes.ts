import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CustomerCommand, type CustomerStatus, ErrorCode, hashToken, isContactmeshError, isStatusToken } from '@contactmesh/core';
import { statusCss, statusPageScript } from './assets.js';
import type { CommandDesk, CommandOutcome } from './command-desk.js';
import type { FlashSigner } from './flash.js';
import type { ResolvedGatewayOptions } from './gateway-options.js';
import { lookupPage, notFoundPage, statusPage } from './pages.js';
import type { RateLimiter } from './rate-limiter.js';
import { formCommand, jsonCommand, readBody } from './request-body.js';
import type { StatusSighting, StatusWatcher } from './status-watcher.js';

/** What the routes need from the gateway. */
export interface RouteParts {
  readonly options: ResolvedGatewayOptions;
  readonly watcher: StatusWatcher;
  readonly desk: CommandDesk;
  readonly flash: FlashSigner;
  readonly addresses: RateLimiter;
  readonly tokens: RateLimiter;
  readonly widget: () => Promise<string | undefined>;
  readonly originAllowed: (origin: string | undefined, host: string | undefined) => boolean;
}

const pageHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

const statusPath = /^\/c\/([^/]{1,100})$/;
const commandsPath = /^\/c\/([^/]{1,100})\/commands$/;
const apiStatusPath = /^\/api\/contacts\/([^/]{1,100})$/;
const apiCommandsPath = /^\/api\/contacts\/([^/]{1,100})\/commands$/;

/**
 * The gateway's HTTP routes (docs/status-page.md): the lookup page, the server-rendered status
 * page and its form commands, the JSON API, the widget bundle and the page's assets. Never throws:
 * a bad request gets its status code, an unexpected failure a 500 with no detail.
 */
export function routes(parts: RouteParts): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    try {
      if (parts.options.routes?.(request, response) === true) return;
    } catch {
      if (!response.headersSent) response.writeHead(500, pageHeaders);
      response.end();
      return;
    }
    handle(parts, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, pageHeaders);
      response.end();
    });
  };
}

async function handle(parts: RouteParts, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { options } = parts;
  // Joined, not resolved: a path such as `//x` must stay a path, never become a host.
  const url = URL.canParse(`http://gateway${request.url ?? '/'}`) ? new URL(`http://gateway${request.url ?? '/'}`) : undefined;
  if (url === undefined) return apiOrPage(response, false, 400, ErrorCode.INVALID_ARGUMENT, 'Bad request path.');
  const path = url.pathname;
  const method = request.method ?? 'GET';
  const retry = parts.addresses.take(request.socket.remoteAddress ?? '?');
  const api = path.startsWith('/api/');
  if (api) cors(parts, request, response);
  if (retry > 0)
    return apiOrPage(response, api, 429, ErrorCode.RATE_LIMITED, 'Too many requests; try again shortly.', { 'retry-after': String(retry) });
  if (method === 'OPTIONS' && api) return void response.writeHead(204).end();

  if (method === 'GET' && path === '/') return html(response, 200, lookupPage(options.title));
  if (method === 'POST' && path === '/lookup') {
    const token = new URLSearchParams(await readBody(request, 1_024)).get('token')?.trim() ?? '';
    if (!isStatusToken(token)) return html(response, 404, notFoundPage(options.title));
    return redirect(response, `/c/${token}`);
  }
  // Browsers ask for it on every site; nothing to show, and no error in their console.
  if (method === 'GET' && path === '/favicon.ico') return void response.writeHead(204, pageHeaders).end();
  if (method === 'GET' && path === '/assets/status.css') return asset(response, 'text/css', statusCss);
  if (method === 'GET' && path === '/assets/status-page.js') return asset(response, 'text/javascript', statusPageScript);
  if (method === 'GET' && path === '/widget.js') {
    const script = await parts.widget();
    if (script === undefined) return apiOrPage(response, false, 404, ErrorCode.NOT_FOUND, 'No widget bundle is configured.');
    return asset(response, 'text/javascript', script, { 'cross-origin-resource-policy': 'cross-origin' });
  }

  let match = statusPath.exec(path);
  if (match !== null && method === 'GET') {
    const token = match[1] ?? '';
    const found = await lookup(parts, token);
    if (found === undefined) return html(response, 404, notFoundPage(options.title));
    const flash = parts.flash.verify(token, url.searchParams.get('flash'));
    // One command id per form and page view: a resubmitted form repeats it (answered once); ids start with a letter.
    return html(response, 200, statusPage(options.title, token, found.status, flash, `f${randomBytes(9).toString('base64url')}`));
  }
  match = commandsPath.exec(path);
  if (match !== null && method === 'POST') {
    const token = match[1] ?? '';
    const found = await lookup(parts, token);
    if (found === undefined) return html(response, 404, notFoundPage(options.title));
    let outcome: CommandOutcome;
    try {
      const { commandId, command } = formCommand(await readBody(request, options.maxBodyBytes));
      outcome = await run(parts, token, found, command, commandId);
    } catch (error) {
      if (!isContactmeshError(error)) throw error;
      outcome = { accepted: false, reason: humanReason(error.message) };
    }
    const text = outcome.accepted ? 'Done: your contact was changed.' : `Not changed: ${outcome.reason ?? 'refused'}.`;
    return redirect(response, `/c/${token}?flash=${parts.flash.sign(token, { accepted: outcome.accepted, text })}`);
  }
  match = apiStatusPath.exec(path);
  if (match !== null && method === 'GET') {
    const found = await lookup(parts, match[1] ?? '');
    if (found === undefined) return unknownToken(response);
    return json(response, 200, found.status);
  }
  match = apiCommandsPath.exec(path);
  if (match !== null && method === 'POST') {
    const token = match[1] ?? '';
    const found = await lookup(parts, token);
    if (found === undefined) return unknownToken(response);
    try {
      const { commandId, command } = jsonCommand(await readBody(request, options.maxBodyBytes));
      const outcome = await run(parts, token, found, command, commandId);
      if (!outcome.accepted) return json(response, 200, outcome);
      return json(response, 200, { ...outcome, status: await newer(parts, token, found) });
    } catch (error) {
      if (!isContactmeshError(error)) throw error;
      const status = error.code === ErrorCode.PAYLOAD_TOO_LARGE ? 413 : error.code === ErrorCode.RATE_LIMITED ? 429 : 400;
      return json(response, status, { error: { code: error.code, message: error.message } });
    }
  }
  return apiOrPage(response, api, 404, ErrorCode.NOT_FOUND, 'No such page.');
}

/** The contact of a well-formed token, as the network last published it; unknown, expired and malformed tokens alike: `undefined`. */
function lookup(parts: RouteParts, token: string): Promise<StatusSighting | undefined> {
  if (!isStatusToken(token)) return Promise.resolve(undefined);
  return parts.watcher.lookup(hashToken(token), parts.options.lookupTimeoutMs);
}

async function run(parts: RouteParts, token: string, found: StatusSighting, command: CustomerCommand, commandId: string) {
  const retryIn = parts.tokens.take(hashToken(token));
  if (retryIn > 0) return { accepted: false, reason: `too many changes at once; try again in ${retryIn} s`, retry: true as const };
  return parts.desk.ask(found.contact, hashToken(token), command, commandId);
}

/** After an accepted command: the first status published after it (or the last known, if none comes soon). */
function newer(parts: RouteParts, token: string, before: StatusSighting): Promise<CustomerStatus> {
  const changed = (sighting: StatusSighting) =>
    sighting !== before && JSON.stringify(sighting.status) !== JSON.stringify(before.status) ? sighting.status : undefined;
  return parts.watcher.next(hashToken(token), parts.options.lookupTimeoutMs, changed, before.status);
}

function cors(parts: RouteParts, request: IncomingMessage, response: ServerResponse): void {
  const origin = request.headers.origin;
  if (origin === undefined || !parts.originAllowed(origin, request.headers.host)) return;
  response.setHeader('access-control-allow-origin', origin);
  response.setHeader('vary', 'Origin');
  response.setHeader('access-control-allow-methods', 'GET, POST');
  response.setHeader('access-control-allow-headers', 'content-type');
  response.setHeader('access-control-max-age', '600');
}

/** "Invalid form at command.number: expected a phone number …, got …" → "expected a phone number …" */
function humanReason(message: string): string {
  const expected = /: (expected [^,]+)/.exec(message)?.[1];
  return expected ?? 'the form was not filled in correctly';
}

function html(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { ...pageHeaders, 'content-type': 'text/html; charset=utf-8' }).end(body);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...pageHeaders, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function unknownToken(response: ServerResponse): void {
  json(response, 404, { error: { code: ErrorCode.UNKNOWN_TOKEN, message: 'No contact has this token (unknown, expired or malformed).' } });
}

function apiOrPage(
  response: ServerResponse,
  api: boolean,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (api) {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    json(response, status, { error: { code, message } });
    return;
  }
  response.writeHead(status, { ...pageHeaders, ...headers, 'content-type': 'text/plain; charset=utf-8' }).end(message);
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { ...pageHeaders, location }).end();
}

function asset(response: ServerResponse, type: string, body: string, headers: Record<string, string> = {}): void {
  response
    .writeHead(200, { ...pageHeaders, ...headers, 'content-type': `${type}; charset=utf-8`, 'cache-control': 'public, max-age=300' })
    .end(body);
}
