import { describe, expect, it } from 'vitest';
import { contactIn } from '../../src/machines/state-names.js';
import { driveContact } from './contact-driver.js';

// A contact adopted by handover hears that its customer hung up at the old owner through its own
// centre's handover desk (`contact.abandoned`), which checked who said so; the same message from
// any other centre changes nothing.
const hungUp = (from: string) => ({ type: 'contact.abandoned', v: 1, id: `m-${from}`, from, ts: 0, body: { contact: 'c1' } });

describe('a contact told by its own handover desk that the customer hung up at the old owner', () => {
  it('ends as abandoned', () => {
    const contact = driveContact();
    contact.send(hungUp('london/handover/desk'));
    expect(contactIn(contact.actor.getSnapshot(), 'abandoned')).toBe(true);
    expect(contact.actor.getSnapshot().output).toMatchObject({ outcome: 'abandoned' });
  });

  it('ignores the same message from another centre', () => {
    const contact = driveContact();
    contact.send(hungUp('paris/handover/desk'));
    expect(contactIn(contact.actor.getSnapshot(), 'queued')).toBe(true);
  });
});
