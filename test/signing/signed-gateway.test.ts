import { afterEach, describe, expect, it } from 'vitest';
import { gatewayWorld } from '../gateway/gateway-world.js';
import { signingFor } from './test-keys.js';

// docs/security.md, "Signatures": a status gateway on a signed network signs the customers'
// commands it sends with its own key, which the centres pin; unsigned, they are refused at the door.
let world: Awaited<ReturnType<typeof gatewayWorld>> | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const keys = signingFor(['london', 'gateway-1']);
const key = (id: string) => {
  const signing = keys[id];
  if (signing === undefined) throw new Error(`no test keys for ${id}`);
  return signing;
};

async function waitingContact(gatewaySigned: boolean) {
  world = await gatewayWorld(
    { commandTimeoutMs: 500, ...(gatewaySigned ? { signing: key('gateway-1') } : {}) },
    { signing: key('london') },
  );
  const contact = world.centre.contacts.arrive({ media: 'chat', skillset: 'billing' });
  const w = world;
  await w.until(async () => (await w.apiStatus(contact.token))?.state === 'queued', 'the contact queued');
  const command = (commandId: string) =>
    fetch(`${w.url}/api/contacts/${contact.token}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ commandId, command: { kind: 'switchQueue', skillset: 'sales' } }),
    }).then((response) => response.json() as Promise<Record<string, unknown>>);
  return { w, command, token: contact.token };
}

describe('a status gateway on a signed network', () => {
  it('signs the commands it sends: the centre runs them', async () => {
    const { w, command } = await waitingContact(true);
    expect(await command('s-1')).toMatchObject({ accepted: true, status: { skillset: 'sales' } });
    expect(w.centre.runtime.stats().rejected.CM_ERR_BAD_SIGNATURE ?? 0).toBe(0);
  });

  it('unsigned, its commands are refused at the centre and the customer is told to try again', async () => {
    const { w, command, token } = await waitingContact(false);
    const answer = await command('u-1');
    expect(answer.accepted).toBe(false);
    expect(w.centre.runtime.stats().rejected.CM_ERR_BAD_SIGNATURE ?? 0).toBeGreaterThan(0);
    expect(await w.apiStatus(token)).toMatchObject({ state: 'queued', skillset: 'billing' });
  });
});
