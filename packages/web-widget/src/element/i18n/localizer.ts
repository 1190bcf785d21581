import type { CustomerStatus, ExpectedWait } from '../../client/customer-status.js';
import type { Messages, PluralWords } from './messages.js';
import { messagesDe } from './messages-de.js';
import { messagesEn } from './messages-en.js';

/** The languages the element speaks, by primary language subtag. */
export const catalogues: Readonly<Record<string, Messages>> = { en: messagesEn, de: messagesDe };

/**
 * The locale to speak: the first of `lang` (the element's attribute) and the browser's languages
 * whose language the element has messages for; English otherwise. Region subtags are kept, so
 * `de-CH` formats numbers the Swiss way.
 *
 * @example
 * ```ts
 * pickLocale('', ['fr-FR', 'de-AT']); // 'de-AT'
 * ```
 */
export function pickLocale(lang: string | null | undefined, browser: readonly string[]): string {
  for (const candidate of [lang, ...browser]) {
    if (!candidate) continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(candidate);
      if (canonical !== undefined && catalogues[canonical.split('-')[0] ?? ''] !== undefined) return canonical;
    } catch {
      // Not a language tag; try the next one.
    }
  }
  return 'en';
}

/** Words and numbers for one locale. */
export interface Localizer {
  readonly locale: string;
  readonly messages: Messages;
  number(value: number): string;
  /** "about 4 minutes (3–6)" (claims 4 ii, 28 ii). */
  wait(expected: ExpectedWait): string;
  /** "3rd" in English, "3." in German. */
  place(position: number): string;
  time(epochMs: number): string;
  /** The state in words; for `substituted`, what replaced the contact. */
  state(status: CustomerStatus): string;
  /** What the live region says about a status: place and wait while queued, the state otherwise. */
  announcement(status: CustomerStatus): string;
}

/**
 * Creates the {@link Localizer} for `locale` (see {@link pickLocale}): plurals through
 * `Intl.PluralRules`, numbers, ranges and times through `Intl`.
 *
 * @example
 * ```ts
 * createLocalizer('en').wait({ seconds: 240, low: 180, high: 360, method: 'erlangC' }); // 'about 4 minutes (3–6)'
 * ```
 */
export function createLocalizer(locale: string): Localizer {
  const messages = catalogues[locale.split('-')[0] ?? ''] ?? messagesEn;
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const cardinal = new Intl.PluralRules(locale);
  const ordinal = new Intl.PluralRules(locale, { type: 'ordinal' });
  const times = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const word = (words: PluralWords, count: number) => words[cardinal.select(count)] ?? words.other;

  const wait = ({ seconds, low, high }: ExpectedWait): string => {
    if (high < 60 || seconds < 30) return messages.underAMinute;
    const hours = seconds >= 90 * 60;
    const size = hours ? 3600 : 60;
    const amount = Math.max(1, Math.round(seconds / size));
    const from = Math.min(Math.floor(low / size), amount);
    const to = Math.max(Math.ceil(high / size), amount);
    const range = from === to ? undefined : numbers.formatRange(from, to);
    return messages.wait(numbers.format(amount), word(hours ? messages.hours : messages.minutes, amount), range);
  };
  const place = (position: number) => messages.ordinal(numbers.format(position), ordinal.select(position));
  const state = (status: CustomerStatus) =>
    (status.state === 'substituted' ? messages.substitutes[status.substitute ?? ''] : undefined) ?? messages.states[status.state];

  return {
    locale,
    messages,
    number: (value) => numbers.format(value),
    wait,
    place,
    time: (epochMs) => times.format(epochMs),
    state,
    announcement(status) {
      if (status.state !== 'queued') return state(status);
      const parts = [status.position === undefined ? '' : messages.announcePosition(place(status.position), status.position)];
      if (status.expectedWait !== undefined) parts.push(messages.announceWait(wait(status.expectedWait)));
      return parts.join(' ').trim() || messages.states.queued;
    },
  };
}
