// The TypeScript types of the domain values that travel, for embedders who handle them.
import type * as t from 'io-ts';
import type { CustomerCommand as CustomerCommandCodec } from './messages/customer-command.js';
import type { AgentSnapshot as AgentSnapshotCodec, ContactSnapshot as ContactSnapshotCodec } from './messages/snapshots.js';

export type { AgentState, ContactState } from './messages/snapshots.js';
export type { Media } from './primitives.js';
export type AgentSnapshot = t.TypeOf<typeof AgentSnapshotCodec>;
export type ContactSnapshot = t.TypeOf<typeof ContactSnapshotCodec>;
export type CustomerCommand = t.TypeOf<typeof CustomerCommandCodec>;
