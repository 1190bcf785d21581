// The free names the code samples of docs/ use: what the page set up in an earlier sample, or what
// stands for the reader's own code (their ACD, logger, UI). test/docs/doc-samples.test.ts imports
// from here each name a sample uses without declaring it; no name here may shadow a package export.
// The reader's own code is typed loosely (`unknown`): only the contactmesh side is the point.
import type {
  Adapter,
  AgentProfile,
  AgentSnapshot,
  Bid,
  Centre,
  Clock,
  ContactmeshError,
  ContactSnapshot,
  ReplicaStore,
  Transport,
} from '@contactmesh/core';
import type { MemoryHub } from '@contactmesh/transports/memory';
import type { MqttTransport } from '@contactmesh/transports/mqtt';
import type { AnyStateMachine } from 'xstate';

/** True when A and B are assignable to each other: a type a page spells out is the exported one. */
export type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// Set up by an earlier sample of the same page.
export declare const transport: Transport;
export declare const adapter: Adapter;
export declare const centre: Centre;
export declare const hub: MemoryHub;
export declare const london: MqttTransport;
export declare const offer: AnyStateMachine;
export declare const store: ReplicaStore;
export declare const clock: Clock;
export declare const token: string;
export declare const id: string;
export declare const contactId: string;
export declare const auctionId: string;

// Values the embedder holds.
export declare const londonAcd: Adapter;
export declare const parisAcd: Adapter;
export declare const payload: Uint8Array;
export declare const untrustedRule: unknown;
export declare const bid: Bid;
export declare const bids: Bid[];
export declare const snapshot: AgentSnapshot;
export declare const agentSnapshot: AgentSnapshot;
export declare const agentReplicas: readonly AgentSnapshot[];
export declare const contactReplicas: readonly ContactSnapshot[];
export declare const contact: ContactSnapshot;
export declare const freeAgent: AgentSnapshot;
export declare const now: number;
export declare const tried: readonly string[];
export declare const key: string;
export declare const cert: string;
export declare const serverPem: string;
export declare const serverKeyPem: string;
export declare const caPem: string;
export declare const password: string;
export declare const tokens: ReadonlySet<string>;

// The embedder's own code.
export declare const acd: {
  ring(agent: string, contact: string): Promise<void>;
  stopRinging(agent: string, contact: string): Promise<void>;
  createCallback(command: unknown): Promise<void>;
  dropFromQueue(contact: string): Promise<void>;
  isLoggedIn(agent: string): boolean;
  profile(agent: string): AgentProfile;
  callIsUp(contact: string): boolean;
};
export declare const ui: { show(entity: unknown): void; say(text: string): void };
export declare const dashboard: { update(figures: unknown): void };
export declare const metrics: { count(name: string): void };
export declare function log(...values: unknown[]): void;
export declare function alarm(text: string): void;
export declare function refuse(error: ContactmeshError): void;
export declare function handle(payload: Uint8Array): void;
export declare function offerWaitingContactTo(agent: AgentSnapshot): void;
export declare function render(view: object): void;
export declare function show(text: string): void;
export declare function later(ms: number | undefined): void;

// A transport of one's own, run against the contract suite.
export declare function createMine(participantId: string): Transport;
export declare function destroySocketOf(participantId: string): Promise<void>;
export declare function waitForInFlightTraffic(): Promise<void>;
export declare function closeEverything(): Promise<void>;
