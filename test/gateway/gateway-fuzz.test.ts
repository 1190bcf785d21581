import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { gatewayWorld } from './gateway-world.js';

// Random paths, methods, tokens, bodies and frames at the gateway: it answers each with a status
// code from the documented set and never fails; a valid customer is still served afterwards.

let world: Awaited<ReturnType<typeof gatewayWorld>>;
let token = '';
beforeAll(async () => {
  world = await gatewayWorld({ rateLimits: { perAddress: 1_000_000, perToken: 1_000_000 }, lookupTimeoutMs: 50 });
  token = world.centre.contacts.arrive({ media: 'voice', skillset: 'billing' }).token;
  await world.until(async () => (await world.apiStatus(token)) !== undefined, 'the status');
});
afterAll(async () => {
  await world.stop();
});

const segment = fc.oneof(
  fc.constantFrom('c', 'api', 'contacts', 'commands', 'live', 'lookup', 'widget.js', 'assets', '..', '%2e%2e', '%00', ''),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.constant('TOKEN'),
);
const pathArb = fc.array(segment, { minLength: 0, maxLength: 5 }).map((parts) => `/${parts.join('/')}`);
const bodyArb = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json(),
  fc.constantFrom('{"commandId":"k","command":{"kind":"cancel"}}', 'kind=switchQueue&skillset=sales&commandId=x', '[[[[[[[[[[[[[['),
  fc.nat(40_000).map((n) => 'x'.repeat(n)),
);

describe('the gateway under random requests', () => {
  it('answers every request with a documented status code and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'),
        pathArb,
        bodyArb,
        fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', ''),
        async (method, path, body, type) => {
          const url = `${world.url}${path.replaceAll('TOKEN', token)}`;
          const response = await fetch(url, {
            method,
            redirect: 'manual',
            ...(method === 'GET' || method === 'HEAD' ? {} : { body, headers: type === '' ? {} : { 'content-type': type } }),
          }).catch((error: unknown) => ({ status: -1, error }));
          expect([200, 204, 303, 400, 404, 413, 429]).toContain(response.status);
        },
      ),
      { numRuns: 150 },
    );
    expect((await world.apiStatus(token))?.state).toBe('queued');
  }, 60_000);

  it('takes random frames on the live socket without failing, and still pushes to a well-behaved watcher', async () => {
    const live = `${world.url.replace('http', 'ws')}/api/contacts/${token}/live`;
    const noisy = new WebSocket(live);
    await new Promise((resolve) => noisy.once('message', resolve));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.json(), fc.uint8Array({ maxLength: 2_000 })), async (frame) => {
        if (noisy.readyState === WebSocket.OPEN) noisy.send(frame);
      }),
      { numRuns: 100 },
    );
    // A frame over the limit closes that socket (1009), and only that one.
    const closed = new Promise<number>((resolve) => noisy.once('close', resolve));
    noisy.send('x'.repeat(5_000));
    expect(await closed).toBe(1009);
    const frames: string[] = [];
    const calm = new WebSocket(live);
    calm.on('message', (data) => frames.push(String(data)));
    await world.until(() => frames.length === 1, 'the first frame');
    expect(JSON.parse(frames[0] ?? '{}')).toMatchObject({ type: 'status', status: { state: 'queued' } });
    calm.send('{"type":"ping"}');
    await world.until(() => frames.length === 2, 'the pong');
    expect(frames[1]).toBe('{"type":"pong"}');
    calm.close();
  }, 60_000);
});
