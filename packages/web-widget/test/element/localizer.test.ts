import { describe, expect, it } from 'vitest';
import { createLocalizer, pickLocale } from '../../src/element/i18n/localizer.js';
import { messagesDe } from '../../src/element/i18n/messages-de.js';
import { messagesEn } from '../../src/element/i18n/messages-en.js';
import { bannerText, resultText } from '../../src/element/result-text.js';
import { queuedStatus } from '../client/fakes.js';

// The words of the element (claims 4 ii, 28 ii: the expected wait, with its range), in English and
// German, with plurals from Intl.PluralRules and numbers from Intl.NumberFormat.

const wait = (seconds: number, low: number, high: number) => ({ seconds, low, high, method: 'erlangC' });

describe('the languages of <contact-status>', () => {
  it('picks the lang attribute first, then the first browser language it speaks, else English', () => {
    expect(pickLocale('de', ['en-GB'])).toBe('de');
    expect(pickLocale(null, ['fr-FR', 'de-AT', 'en'])).toBe('de-AT');
    expect(pickLocale('', ['fr-FR'])).toBe('en');
    expect(pickLocale('not a tag!', ['en-GB'])).toBe('en-GB');
  });

  it('says the expected wait with its range, in minutes, with the plural of the locale', () => {
    const en = createLocalizer('en');
    expect(en.wait(wait(240, 180, 360))).toBe('about 4 minutes (3–6)');
    expect(en.wait(wait(60, 45, 150))).toBe('about 1 minute (0–3)');
    expect(en.wait(wait(120, 120, 120))).toBe('about 2 minutes');
    expect(en.wait(wait(20, 0, 40))).toBe('less than a minute');
    expect(en.wait(wait(7_200, 5_400, 10_800))).toBe('about 2 hours (1–3)');
    const de = createLocalizer('de');
    expect(de.wait(wait(240, 180, 360))).toBe('etwa 4 Minuten (3–6)');
    expect(de.wait(wait(60, 60, 60))).toBe('etwa 1 Minute');
    expect(de.wait(wait(3_600 * 2, 3_600 * 2, 3_600 * 2))).toBe('etwa 2 Stunden');
  });

  it('words a place in the queue with ordinal plural rules', () => {
    const en = createLocalizer('en');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101].map((n) => en.place(n))).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
    ]);
    expect(createLocalizer('de').place(3)).toBe('3.');
  });

  it('formats numbers the way the locale does', () => {
    expect(createLocalizer('en').number(1234)).toBe('1,234');
    expect(createLocalizer('de').number(1234)).toBe('1.234');
  });

  it('announces place and wait while queued, and the state otherwise', () => {
    expect(createLocalizer('en').announcement(queuedStatus())).toBe('You are 3rd in the queue. Expected wait: about 4 minutes (3–6).');
    expect(createLocalizer('de').announcement(queuedStatus({ position: 1 }))).toBe(
      'Sie sind als Nächstes an der Reihe. Voraussichtliche Wartezeit: etwa 4 Minuten (3–6).',
    );
    expect(createLocalizer('en').announcement(queuedStatus({ state: 'connected', agent: 'Ada' }))).toBe('Connected to an agent');
    expect(createLocalizer('en').announcement(queuedStatus({ state: 'substituted', substitute: 'email' }))).toBe('Replaced by an e-mail');
  });

  it('has every text in both languages', () => {
    const shape = (value: unknown): unknown =>
      typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)])) : typeof value;
    expect(shape(messagesDe)).toEqual(shape(messagesEn));
  });
});

describe('what the customer reads after a command (claims 11, 21, 32, 38)', () => {
  it('confirms what was done, naming the new queue, number or address', () => {
    expect(resultText(messagesEn, { kind: 'switchQueue', skillset: 'sales' }, { accepted: true })).toContain(
      'you are now in the sales queue',
    );
    expect(resultText(messagesEn, { kind: 'requestCallback', number: '+44 20 7946 0000' }, { accepted: true })).toContain(
      '+44 20 7946 0000',
    );
    expect(resultText(messagesDe, { kind: 'cancel' }, { accepted: true })).toBe('Erledigt: Sie haben die Warteschlange verlassen.');
  });

  it("shows the owner's reason for a refusal, and plain words for a request that failed", () => {
    expect(resultText(messagesEn, { kind: 'cancel' }, { accepted: false, reason: 'an agent is being connected' })).toBe(
      'Not possible: an agent is being connected',
    );
    expect(resultText(messagesEn, { kind: 'cancel' }, { accepted: false, error: 'CM_ERR_RATE_LIMITED' })).toBe(
      messagesEn.failed.rateLimited,
    );
  });

  it('marks a stale status with the time it is from, and says expired or ended', () => {
    const en = createLocalizer('en');
    const status = queuedStatus({ updatedAt: Date.UTC(2024, 0, 1, 10, 42) });
    expect(bannerText(en, { connection: 'reconnecting', status })).toBe(
      `Reconnecting… This is the last known status, from ${en.time(status.updatedAt)}.`,
    );
    expect(bannerText(en, { connection: 'live', status })).toBeUndefined();
    expect(bannerText(en, { connection: 'expired' })).toContain('expired');
    expect(bannerText(en, { connection: 'ended', reason: 'originRefused' })).toBe(messagesEn.connection.originRefused);
  });
});
