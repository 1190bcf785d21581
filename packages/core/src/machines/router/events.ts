import type { AgentSnapshot, ContactSnapshot } from '../../protocol/messages/snapshots.js';
import type { Envelope } from '../../protocol/registry.js';
import type { RouterMode } from './context.js';

type Message<T extends string, B> = Envelope<T, B> & { readonly at: number };

/** Events a router takes; the runtime stamps each with `at`. */
export type RouterEvent =
  | Message<'agent.snapshot', AgentSnapshot>
  | Message<'contact.snapshot', ContactSnapshot>
  | Message<'route.failed', { readonly contact: string; readonly agent: string; readonly reason?: string; readonly rev?: number }>
  | { readonly type: 'mode'; readonly mode: RouterMode; readonly at: number }
  | { readonly type: 'queueMode'; readonly skillset: string; readonly mode: RouterMode | null; readonly at: number }
  | { readonly type: 'outlook'; readonly skillset: string; readonly overflowing: boolean; readonly at: number }
  | { readonly type: 'recheck'; readonly at: number };
