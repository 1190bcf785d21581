import type { CommandKind, ContactState, Media } from '../../client/customer-status.js';

/** Words chosen by a plural category (`Intl.PluralRules`); `other` is always there. */
export type PluralWords = Readonly<Partial<Record<Intl.LDMLPluralRule, string>>> & { readonly other: string };

/** The fields of the command forms, by the name they carry in the form. */
export type FieldName = 'skillset' | 'number' | 'address' | 'text' | 'name' | 'message';

/** Every text the element shows, in one language. Functions take values already formatted for the locale. */
export interface Messages {
  readonly labels: {
    readonly state: string;
    readonly position: string;
    readonly wait: string;
    readonly agent: string;
    readonly skillset: string;
    readonly media: string;
  };
  readonly states: Readonly<Record<ContactState, string>>;
  /** The state `substituted`, by the kind of substitute. */
  readonly substitutes: Readonly<Record<string, string>>;
  readonly media: Readonly<Record<Media, string>>;
  readonly connection: {
    readonly connecting: string;
    readonly stale: (time: string) => string;
    readonly expired: string;
    readonly ended: string;
    readonly originRefused: string;
  };
  readonly minutes: PluralWords;
  readonly hours: PluralWords;
  /** "about 4 minutes", with `range` ("3–6") when the estimate has one. */
  readonly wait: (amount: string, unit: string, range: string | undefined) => string;
  readonly underAMinute: string;
  readonly method: (name: string) => string;
  /** How `ordinal` words a place in the queue (`Intl.PluralRules` with `type: 'ordinal'`). */
  readonly ordinal: (place: string, category: Intl.LDMLPluralRule) => string;
  readonly announcePosition: (place: string, position: number) => string;
  readonly announceWait: (wait: string) => string;
  readonly commandsHeading: string;
  readonly commands: Readonly<Record<CommandKind, { readonly title: string; readonly submit: string }>>;
  readonly fields: Readonly<Record<FieldName, string>>;
  readonly cancelQuestion: string;
  readonly keepWaiting: string;
  readonly accepted: Readonly<Record<CommandKind, (value: string) => string>>;
  readonly sending: string;
  readonly refused: (reason: string) => string;
  readonly failed: {
    readonly rateLimited: string;
    readonly unreachable: string;
    readonly invalid: string;
    readonly expired: string;
  };
}
