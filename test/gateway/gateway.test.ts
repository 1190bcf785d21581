import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { gatewayWorld } from './gateway-world.js';

// The customer status gateway (issue: the status page and the widget; status-page claims cited).

type World = Awaited<ReturnType<typeof gatewayWorld>>;
let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

/** Two billing contacts waiting at London, and the gateway in front. */
async function twoWaiting() {
  world = await gatewayWorld();
  // The first is ahead by priority, whatever the clock says when both arrive.
  const first = world.centre.contacts.arrive({ media: 'voice', skillset: 'billing', priority: 5 });
  const second = world.centre.contacts.arrive({ media: 'chat', skillset: 'billing' });
  const w = world;
  await w.until(async () => (await w.apiStatus(second.token))?.position === 2, 'the second contact at place 2');
  return { w, first, second };
}

const get = (url: string, init?: RequestInit) => fetch(url, { redirect: 'manual', ...init });
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('the status gateway', () => {
  it('looks a contact up by its identifier and shows its state, place, wait, queue and media without JavaScript (claims 4, 19a, 23a, 28)', async () => {
    const { w, second } = await twoWaiting();
    const home = await get(`${w.url}/`);
    expect(await home.text()).toMatch(/<form method="post" action="\/lookup">/);
    const found = await get(`${w.url}/lookup`, form({ token: ` ${second.token} ` }));
    expect(found.status).toBe(303);
    expect(found.headers.get('location')).toBe(`/c/${second.token}`);
    const page = await get(`${w.url}/c/${second.token}`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Waiting in the queue');
    expect(text).toMatch(/<dd id="position">2<\/dd>/);
    expect(text).toMatch(/<dd id="queue">billing<\/dd>/);
    expect(text).toMatch(/<dd id="media">Chat<\/dd>/);
    // A form per command allowed now: switching queue lists the alternatives (claims 5, 30).
    expect(text).toMatch(/<option value="sales">sales<\/option>/);
    for (const kind of ['switchQueue', 'requestCallback', 'switchToEmail', 'switchToWebForm', 'cancel'])
      expect(text).toContain(`value="${kind}"`);
    // Strict headers; nothing inline, nothing from elsewhere.
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(text).not.toMatch(/<script>|style="|https?:\/\//);
  });

  it('gives every form a command id the protocol accepts, new on each view', async () => {
    const { w, second } = await twoWaiting();
    const ids = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const page = await (await get(`${w.url}/c/${second.token}`)).text();
      for (const [, id] of page.matchAll(/name="commandId" value="([^"]+)"/g)) ids.add(id ?? '');
    }
    expect(ids.size).toBe(40 * 5);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);
  });

  it('answers unknown, malformed and made-up identifiers alike', async () => {
    const { w } = await twoWaiting();
    const answers = await Promise.all(
      ['AAAAAAAAAAAAAAAAAAAAAA', 'not a token', '..%2F..%2Fetc', 'x'.repeat(99)].map(async (token) => {
        const response = await get(`${w.url}/c/${token}`);
        return [response.status, await response.text()] as const;
      }),
    );
    expect(new Set(answers.map(([status]) => status))).toEqual(new Set([404]));
    expect(new Set(answers.map(([, body]) => body)).size).toBe(1);
    const api = await get(`${w.url}/api/contacts/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: { code: 'CM_ERR_UNKNOWN_TOKEN', message: expect.any(String) } });
  });

  it('switches queue from the form, redirects to the page, and shows the confirmation and the new queue (claims 11, 21, 30, 32)', async () => {
    const { w, second } = await twoWaiting();
    const page = await (await get(`${w.url}/c/${second.token}`)).text();
    const commandId = /name="commandId" value="([^"]+-switchQueue)"/.exec(page)?.[1] ?? '';
    const posted = await get(`${w.url}/c/${second.token}/commands`, form({ kind: 'switchQueue', commandId, skillset: 'sales' }));
    expect(posted.status).toBe(303);
    const next = posted.headers.get('location') ?? '';
    expect(next).toMatch(new RegExp(`^/c/${second.token}\\?flash=`));
    await w.until(async () => (await w.apiStatus(second.token))?.skillset === 'sales', 'the switch');
    const after = await (await get(`${w.url}${next}`)).text();
    expect(after).toContain('Done: your contact was changed.');
    expect(after).toMatch(/<dd id="queue">sales<\/dd>/);
    // A forged flash is not shown.
    const forged = await (await get(`${w.url}/c/${second.token}?flash=eyJ4Ijoi.abc`)).text();
    expect(forged).not.toContain('role="alert"');
  });

  it('requests a call-back from the form: the ACD is asked to create it and the page shows the new state (claims 6, 31, 35)', async () => {
    const { w, second } = await twoWaiting();
    const posted = await get(
      `${w.url}/c/${second.token}/commands`,
      form({ kind: 'requestCallback', commandId: 'cb-1', number: '+44 20 7946 0000' }),
    );
    expect(posted.status).toBe(303);
    await w.until(() => w.substitutes.length === 1, 'the substitute');
    expect(w.substitutes[0]).toMatchObject({ substitute: { kind: 'callback', number: '+44 20 7946 0000' }, skillset: 'billing' });
    const after = await (await get(`${w.url}${posted.headers.get('location')}`)).text();
    expect(after).toContain('Replaced by a call-back');
    expect(after).not.toContain('<form method="post"');
  });

  it('refuses a bad form field with a reason and changes nothing (claim 38)', async () => {
    const { w, second } = await twoWaiting();
    const posted = await get(
      `${w.url}/c/${second.token}/commands`,
      form({ kind: 'requestCallback', commandId: 'cb-2', number: 'call me' }),
    );
    const after = await (await get(`${w.url}${posted.headers.get('location')}`)).text();
    expect(after).toMatch(/Not changed: expected a phone number/);
    expect(w.substitutes).toEqual([]);
  });

  it('runs JSON commands idempotently by command id, and refuses bad bodies with coded errors', async () => {
    const { w, first } = await twoWaiting();
    const post = (body: unknown) =>
      fetch(`${w.url}/api/contacts/${first.token}/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const once = await post({ commandId: 'k-1', command: { kind: 'switchQueue', skillset: 'sales' } });
    expect(once.status).toBe(200);
    expect(await once.json()).toMatchObject({ accepted: true, status: { skillset: 'sales' } });
    const again = await post({ commandId: 'k-1', command: { kind: 'switchQueue', skillset: 'sales' } });
    expect(await again.json()).toEqual({ accepted: true, status: expect.objectContaining({ skillset: 'sales' }) });
    const refused = await post({ commandId: 'k-2', command: { kind: 'switchQueue', skillset: 'sales' } });
    expect(await refused.json()).toEqual({ accepted: false, reason: 'the contact is already in the sales queue' });
    for (const bad of ['nonsense', { commandId: 'k-3', command: { kind: 'explode' } }, { command: { kind: 'cancel' } }]) {
      const response = await post(bad);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'CM_ERR_INVALID_ARGUMENT' } });
    }
    const huge = await post({ commandId: 'k-4', command: { kind: 'switchToEmail', address: 'a@b.c', text: 'x'.repeat(20_000) } });
    expect(huge.status).toBe(413);
  });

  it('pushes every status change to live watchers, and refuses other origins and unknown tokens', async () => {
    const { w, first, second } = await twoWaiting();
    const liveUrl = (token: string) => `${w.url.replace('http', 'ws')}/api/contacts/${token}/live`;
    const frames: { type: string; status?: { position?: number; state?: string } }[] = [];
    const socket = new WebSocket(liveUrl(second.token));
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    await w.until(() => frames.length > 0, 'the first frame');
    expect(frames[0]).toMatchObject({ type: 'status', status: { position: 2, state: 'queued' } });
    // The contact ahead is served: the watcher's place falls to 1, with no reload (claim 4).
    w.centre.agents.login('a1', { displayName: 'Ada', skills: { billing: 5 } });
    w.centre.agents.ready('a1');
    await w.until(() => frames.some((f) => f.status?.position === 1), 'place 1');
    expect(w.offers).toEqual([{ agent: 'a1', contact: first.id }]);
    expect(w.gateway.stats()).toEqual({ watchers: 1, watchedTokens: 1 });
    socket.close();

    const closes: number[] = [];
    const stranger = new WebSocket(liveUrl(second.token), { headers: { origin: 'https://evil.example' } });
    stranger.on('close', (code) => closes.push(code));
    const nobody = new WebSocket(liveUrl('AAAAAAAAAAAAAAAAAAAAAA'));
    const gone: string[] = [];
    nobody.on('message', (data) => gone.push(String(data)));
    nobody.on('close', (code) => closes.push(code));
    await w.until(() => closes.length === 2, 'both refusals');
    expect(closes.sort()).toEqual([1008, 4404]);
    expect(gone).toEqual(['{"type":"gone"}']);
    await w.until(() => w.gateway.stats().watchers === 0, 'the watchers to leave');
  });

  it('shows a contact that ended for endedTtlMs, then answers as for an unknown token (its token expired with it)', async () => {
    world = await gatewayWorld({ endedTtlMs: 1 });
    const w = world;
    const { id, token } = w.centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    await w.until(async () => (await w.apiStatus(token)) !== undefined, 'the status');
    w.centre.contacts.abandon(id);
    expect(w.centre.status(token)).toMatchObject({ state: 'abandoned' });
    // Once the final status reaches the gateway, a millisecond later it is past its time.
    await w.until(async () => (await get(`${w.url}/api/contacts/${token}`)).status === 404, 'the token to expire');
    expect((await get(`${w.url}/c/${token}`)).status).toBe(404);
  });

  it('limits requests per address with 429 and Retry-After', async () => {
    world = await gatewayWorld({ rateLimits: { perAddress: 5 } });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await fetch(`${world.url}/api/contacts/AAAAAAAAAAAAAAAAAAAAAA`)).status);
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    const limited = await fetch(`${world.url}/api/contacts/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: { code: 'CM_ERR_RATE_LIMITED' } });
  });

  it('serves the widget bundle for third-party pages', async () => {
    world = await gatewayWorld();
    const response = await fetch(`${world.url}/widget.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });
});
