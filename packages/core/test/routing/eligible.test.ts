import { describe, expect, it } from 'vitest';
import { eligible, requiredProficiency } from '../../src/routing/index.js';
import { agent, contact } from './fixtures.js';

const now = 1_000;

describe('eligible: skills', () => {
  it('accepts an agent whose proficiency meets every requirement', () => {
    const call = contact('c1', {
      requirements: [
        { skill: 'billing', minProficiency: 3 },
        { skill: 'spanish', minProficiency: 2 },
      ],
    });
    expect(eligible(agent('a1', { skills: { billing: 3, spanish: 2 } }), call, now)).toBe(true);
  });

  it('refuses an agent below one requirement or without the skill', () => {
    const call = contact('c1', {
      requirements: [
        { skill: 'billing', minProficiency: 3 },
        { skill: 'spanish', minProficiency: 2 },
      ],
    });
    expect(eligible(agent('a1', { skills: { billing: 3, spanish: 1 } }), call, now)).toBe(false);
    expect(eligible(agent('a2', { skills: { billing: 9 } }), call, now)).toBe(false);
  });

  it('reads only the agent’s own skills, even for a skill called constructor', () => {
    const call = contact('c1', { requirements: [{ skill: 'constructor', minProficiency: 1 }] });
    expect(eligible(agent('a1', { skills: {} }), call, now)).toBe(false);
  });
});

describe('eligible: availability and capacity per media', () => {
  it('takes idle agents and busy agents with room, never reserved, offered, not ready, logged out or in wrap-up', () => {
    const chat = contact('c1', { media: 'chat' });
    expect(eligible(agent('a1', { state: 'idle' }), chat, now)).toBe(true);
    expect(eligible(agent('a1', { state: 'busy', load: { chat: 2 } }), chat, now)).toBe(true);
    for (const state of ['reserved', 'offered', 'notReady', 'loggedOut', 'wrapUp'] as const) {
      expect(eligible(agent('a1', { state }), chat, now)).toBe(false);
    }
  });

  it('refuses a contact of a media the agent has no capacity left for', () => {
    expect(eligible(agent('a1', { state: 'busy', load: { chat: 3 } }), contact('c1', { media: 'chat' }), now)).toBe(false);
    expect(eligible(agent('a1', { capacity: { chat: 3 } }), contact('c1', { media: 'email' }), now)).toBe(false);
  });

  it('gives an agent on a voice or video call nothing else', () => {
    const onCall = agent('a1', { state: 'busy', capacity: { voice: 1, video: 1, chat: 3 }, load: { voice: 1 } });
    expect(eligible(onCall, contact('c1', { media: 'chat' }), now)).toBe(false);
    const onVideo = agent('a2', { state: 'busy', capacity: { video: 1, chat: 3 }, load: { video: 1 } });
    expect(eligible(onVideo, contact('c1', { media: 'chat' }), now)).toBe(false);
  });

  it('gives a voice or video contact only to an agent with no work at all', () => {
    const chatting = agent('a1', { state: 'busy', capacity: { voice: 1, video: 1, chat: 3 }, load: { chat: 1 } });
    expect(eligible(chatting, contact('c1', { media: 'voice' }), now)).toBe(false);
    expect(eligible(chatting, contact('c1', { media: 'video' }), now)).toBe(false);
    expect(eligible({ ...chatting, state: 'idle', load: {} }, contact('c1', { media: 'video' }), now)).toBe(true);
  });
});

describe('eligible: language', () => {
  it('matches an exact tag or a regional variant of the contact’s language', () => {
    expect(eligible(agent('a1', { languages: ['fr', 'en-GB'] }), contact('c1', { language: 'en' }), now)).toBe(true);
    expect(eligible(agent('a1', { languages: ['en'] }), contact('c1', { language: 'en' }), now)).toBe(true);
  });

  it('refuses an agent whose languages do not include the contact’s', () => {
    expect(eligible(agent('a1', { languages: ['fr'] }), contact('c1', { language: 'en' }), now)).toBe(false);
    expect(eligible(agent('a1', { languages: ['en'] }), contact('c1', { language: 'en-GB' }), now)).toBe(false);
    expect(eligible(agent('a1', { languages: ['eng'] }), contact('c1', { language: 'en' }), now)).toBe(false);
  });

  it('does not filter when either side names no language', () => {
    expect(eligible(agent('a1'), contact('c1', { language: 'en' }), now)).toBe(true);
    expect(eligible(agent('a1', { languages: [] }), contact('c1', { language: 'en' }), now)).toBe(true);
    expect(eligible(agent('a1', { languages: ['fr'] }), contact('c1'), now)).toBe(true);
  });
});

describe('eligible: skill relaxation', () => {
  const steps = [
    { afterMs: 60_000, minProficiency: 2 },
    { afterMs: 120_000, minProficiency: 1 },
  ];
  const call = contact('c1', { arrivedAt: 0, requirements: [{ skill: 'billing', minProficiency: 4 }] });
  const junior = agent('a1', { skills: { billing: 2 } });

  it('keeps the full requirement until the contact has waited longer than the first step', () => {
    expect(eligible(junior, call, 60_000, steps)).toBe(false);
    expect(eligible(junior, call, 60_001, steps)).toBe(true);
  });

  it('applies the lowest minimum of every step the wait has passed, whatever their order', () => {
    expect(requiredProficiency(call, { skill: 'billing', minProficiency: 4 }, 200_000, [...steps].reverse())).toBe(1);
  });

  it('relaxes only the requirement on the contact’s skillset', () => {
    const requirement = { skill: 'spanish', minProficiency: 4 };
    expect(requiredProficiency(call, requirement, 200_000, steps)).toBe(4);
  });

  it('never relaxes a requirement away: the lowest it asks is proficiency 1', () => {
    expect(requiredProficiency(call, { skill: 'billing', minProficiency: 4 }, 200_000, [{ afterMs: 0, minProficiency: 0 }])).toBe(1);
    expect(eligible(agent('a2', { skills: { sales: 9 } }), call, 200_000, [{ afterMs: 0, minProficiency: 0 }])).toBe(false);
  });

  it('never raises a requirement', () => {
    expect(requiredProficiency(call, { skill: 'billing', minProficiency: 2 }, 200_000, [{ afterMs: 0, minProficiency: 5 }])).toBe(2);
  });
});
