import type { Media } from '../protocol/primitives.js';

/** A substitute the customer chose instead of waiting (status-page claims 5, 6): it keeps seniority and priority. */
export type Substitute =
  | {
      readonly kind: 'callback';
      readonly id: string;
      readonly number: string;
      readonly window?: { readonly from: number; readonly to: number };
    }
  | { readonly kind: 'email'; readonly id: string; readonly address: string; readonly text: string }
  | { readonly kind: 'webform'; readonly id: string; readonly fields: Readonly<Record<string, string>> };

/**
 * What a machine asks of the embedding ACD, by `kind` — one member per method of the centre's
 * `Adapter` (docs/embedding.md), with exactly that method's argument beside the `kind`.
 *
 * @example
 * ```ts
 * const ring: AdapterCommand = { kind: 'offer', agent: 'a1', contact: 'c1', media: 'voice' };
 * ```
 */
export type AdapterCommand =
  | { readonly kind: 'offer'; readonly agent: string; readonly contact: string; readonly media: Media }
  | { readonly kind: 'stopRinging'; readonly agent: string; readonly contact: string }
  | { readonly kind: 'connect'; readonly contact: string; readonly agent: string }
  | { readonly kind: 'end'; readonly contact: string; readonly outcome: string; readonly reason: string }
  | { readonly kind: 'forward'; readonly contact: string; readonly to: string; readonly agent?: string }
  | {
      readonly kind: 'substitute';
      readonly contact: string;
      readonly substitute: Substitute;
      readonly skillset: string;
      readonly seniority: number;
      readonly priority: number;
    };

/** The argument of the adapter method for commands of `kind`: the command without its `kind`. */
export type AdapterArgument<K extends AdapterCommand['kind']> = Omit<Extract<AdapterCommand, { readonly kind: K }>, 'kind'>;
