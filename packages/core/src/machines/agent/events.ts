import type { Media } from '../../protocol/primitives.js';
import type { Envelope } from '../../protocol/registry.js';

type Body<T extends string, B> = Envelope<T, B> & { readonly at: number };
type Requirement = { readonly skill: string; readonly minProficiency: number };

/** Events an agent actor takes. The runtime stamps each with `at`, the centre's clock time on delivery. */
export type AgentEvent =
  // From the embedder (the agent's desktop, the ACD)
  | { readonly type: 'login'; readonly at: number }
  | { readonly type: 'ready'; readonly at: number }
  | { readonly type: 'notReady'; readonly at: number; readonly reason: string }
  | { readonly type: 'logout'; readonly at: number }
  | {
      readonly type: 'update';
      readonly at: number;
      readonly skills?: Readonly<Record<string, number>>;
      readonly capacity?: Readonly<Partial<Record<Media, number>>>;
    }
  | { readonly type: 'answered'; readonly at: number; readonly contact: string }
  | { readonly type: 'declined'; readonly at: number; readonly contact: string }
  /** After a restart, the ACD says the agent is still working on `contact` (re-sync): it becomes work again. */
  | { readonly type: 'resume'; readonly at: number; readonly contact: string; readonly media: Media; readonly from: string }
  // From choosers and contacts (local or remote)
  | Body<
      'reserve.request',
      {
        readonly requestId: string;
        readonly agent: string;
        readonly contact: string;
        readonly leaseMs: number;
        readonly media?: Media;
        readonly requirements?: readonly Requirement[];
        readonly language?: string;
      }
    >
  | Body<'reserve.release', { readonly agent: string; readonly leaseId: string; readonly fence: number }>
  | Body<'work.ended', { readonly agent: string; readonly contact: string }>
  | Body<'offer.request', { readonly agent: string; readonly contact: string; readonly media: Media; readonly fence: number }>
  // From this centre's network desk: another centre said it stopped (a clean stop, not its will)
  | { readonly type: 'holder.stopped'; readonly at: number; readonly centre: string }
  // Own timers
  | { readonly type: 'lease.expired'; readonly at: number; readonly fence: number }
  | { readonly type: 'offer.timeout'; readonly at: number; readonly fence: number }
  | { readonly type: 'wrapUp.done'; readonly at: number }
  | { readonly type: 'ringFail.return'; readonly at: number };

export type ReserveRequest = Extract<AgentEvent, { type: 'reserve.request' }>;
