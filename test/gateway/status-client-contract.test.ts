import { createStatusClient, type LiveSocketConstructor, type StatusClient, type StatusSnapshot } from '@contactmesh/web-widget/client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { gatewayWorld } from './gateway-world.js';

// The widget's headless client against the real gateway: both sides of the contract in
// /tmp/status-api-contract.md agree (claims 4, 28: the status; 5, 30: switch queue; 11, 21, 32, 38:
// the confirmation and the new status). Node has no global WebSocket before v22: `ws` stands in.

type World = Awaited<ReturnType<typeof gatewayWorld>>;
let world: World | undefined;
const clients: StatusClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await world?.stop();
  world = undefined;
});

function follow(url: string, token: string) {
  const client = createStatusClient({ endpoint: url, token, WebSocket: WebSocket as unknown as LiveSocketConstructor });
  clients.push(client);
  const seen: StatusSnapshot[] = [];
  client.subscribe((snapshot) => seen.push(snapshot));
  return { client, seen, last: () => seen.at(-1) };
}

describe('the headless client against the real gateway', () => {
  it('goes live with the status, switches queue with a confirmation, and sees the new queue live', async () => {
    world = await gatewayWorld();
    const w = world;
    const mine = w.centre.contacts.arrive({ media: 'chat', skillset: 'billing' });
    const { client, last } = follow(w.url, mine.token);
    await w.until(() => last()?.connection === 'live', 'the client to go live');
    expect(last()?.status).toMatchObject({ state: 'queued', media: 'chat', skillset: 'billing', position: 1, otherQueues: ['sales'] });
    expect(last()?.status?.allowedCommands).toContain('switchQueue');

    const answer = await client.command({ kind: 'switchQueue', skillset: 'sales' });
    expect(answer.accepted).toBe(true);
    await w.until(() => last()?.status?.skillset === 'sales', 'the new queue to arrive');
    expect(last()?.connection).toBe('live');
  });

  it("hears the owner's reason when it refuses a command (claims 32, 38)", async () => {
    world = await gatewayWorld();
    const w = world;
    const mine = w.centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
    const { client, last } = follow(w.url, mine.token);
    await w.until(() => last()?.connection === 'live', 'the client to go live');
    await expect(client.command({ kind: 'switchQueue', skillset: 'billing' })).resolves.toEqual({
      accepted: false,
      reason: 'the contact is already in the billing queue',
    });
  });

  it('shows expired for a token the gateway does not know', async () => {
    world = await gatewayWorld();
    const w = world;
    const { last } = follow(w.url, 'AAAAAAAAAAAAAAAAAAAAAA');
    await w.until(() => last()?.connection === 'expired', 'expired');
  });
});
