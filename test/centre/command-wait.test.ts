import { createCentre, VirtualClock } from '@contactmesh/core';
import { createMemoryHub } from '@contactmesh/transports/memory';
import { describe, expect, it } from 'vitest';

// A customer's command waits for its contact in a command actor (docs/machines/command.md), on
// the centre's clock: here the contact's actor is gone without an end (nobody will answer).
async function silentContact() {
  const clock = new VirtualClock(0);
  const centre = createCentre({
    id: 'london',
    network: 'acme',
    transport: createMemoryHub({ clock }).transport('london'),
    clock,
    adapter: { offer: () => {} },
  });
  await centre.start();
  const { id, token } = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
  clock.advance(0);
  centre.runtime.remove(`london/contact/${id}`);
  let settled = false;
  const answer = centre.command(token, { kind: 'cancel' }, 'cmd-1').finally(() => {
    settled = true;
  });
  clock.advance(0);
  return { clock, centre, answer, settled: () => settled };
}

describe('a customer command its contact does not answer', () => {
  it('is refused for now after 10 s, so the customer may try the same command again', async () => {
    const { clock, centre, answer, settled } = await silentContact();
    clock.advance(9_999);
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(settled()).toBe(false);
    clock.advance(1);
    expect(await answer).toEqual({ accepted: false, reason: 'no answer from the contact; try again', retry: true });
    expect(centre.runtime.addresses().filter((a) => a.includes('/command/'))).toEqual([]);
    await centre.stop();
  });

  it('is answered at once when the centre stops meanwhile', async () => {
    const { centre, answer } = await silentContact();
    await centre.stop();
    expect(await answer).toEqual({ accepted: false, reason: 'the centre stopped' });
  });
});
