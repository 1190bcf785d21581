import type { CustomerCommand } from '../../protocol/messages/customer-command.js';
import type { Envelope } from '../../protocol/registry.js';

type Message<T extends string, B> = Envelope<T, B> & { readonly at: number };

/** Events a contact actor takes; the runtime stamps each with `at`. */
export type ContactEvent =
  // From the embedder (the ACD)
  | { readonly type: 'abandoned'; readonly at: number }
  // From this centre's handover desk: the old owner said the customer hung up during the handover
  | Message<'contact.abandoned', { readonly contact: string }>
  | { readonly type: 'ended'; readonly at: number }
  | { readonly type: 'wrapped'; readonly at: number }
  // From the router, agents and the gateway
  | Message<
      'route.assign',
      {
        readonly contact: string;
        readonly agent: string;
        readonly requirements?: readonly { readonly skill: string; readonly minProficiency: number }[];
        readonly rev?: number;
      }
    >
  | Message<
      'reserve.granted',
      { readonly requestId: string; readonly agent: string; readonly leaseId: string; readonly fence: number; readonly expiresAt: number }
    >
  | Message<'reserve.denied', { readonly requestId: string; readonly agent: string; readonly reason: string }>
  | Message<
      'offer.result',
      {
        readonly agent: string;
        readonly contact: string;
        readonly result: 'accepted' | 'missed' | 'declined' | 'refused';
        readonly reason?: string;
        readonly resumed?: true;
      }
    >
  | Message<'command.request', { readonly commandId: string; readonly tokenHash: string; readonly command: CustomerCommand }>
  | Message<
      'handover.ack',
      {
        readonly handoverId: string;
        readonly contact: string;
        readonly rev: number;
        readonly result: 'accepted' | 'refused';
        readonly reason?: string;
      }
    >
  | Message<
      'auction.won',
      { readonly auctionId: string; readonly contact: string; readonly centre: string; readonly agent?: string; readonly fence?: number }
    >
  // Own timers
  | { readonly type: 'expire'; readonly at: number }
  | { readonly type: 'reserve.timeout'; readonly at: number; readonly requestId: string }
  | { readonly type: 'offer.lost'; readonly at: number }
  | { readonly type: 'handover.timeout'; readonly at: number; readonly handoverId: string }
  | { readonly type: 'resync.timeout'; readonly at: number }
  // From the centre: another centre holds this contact at a newer rev (a handover whose answer was lost)
  | { readonly type: 'superseded'; readonly at: number; readonly owner: string; readonly rev: number }
  | { readonly type: 'wrapUp.done'; readonly at: number };

export type CommandRequest = Extract<ContactEvent, { type: 'command.request' }>;
