import type { InboundMessage, QoS, TimerHandle } from '@contactmesh/core';

/** One subscription as the hub sees it. */
export interface HubSubscription {
  readonly id: number;
  readonly participant: string;
  readonly filter: string;
  readonly qos: QoS;
  readonly receive: (message: InboundMessage) => void;
  /** Undelivered messages (held or scheduled), oldest first; bounded by `maxQueuedMessages`. */
  readonly pending: Map<number, Delivery>;
  active: boolean;
}

/** One message on its way to one subscription. */
export interface Delivery {
  readonly id: number;
  readonly seq: number;
  readonly from: string;
  readonly to: string;
  readonly topic: string;
  readonly payload: Uint8Array;
  /** The lower of the publication's and the subscription's QoS, as in MQTT. */
  readonly qos: QoS;
  readonly retained: boolean;
  /** The hub's time at which the publication expires; absent: never. */
  readonly expiresAt?: number;
  readonly subscription: HubSubscription;
  /** `held`: waiting for a partition to heal; `scheduled`: a timer is set; `done`: delivered or discarded. */
  status: 'new' | 'held' | 'scheduled' | 'done';
  /** False for a reordered delivery, which does not keep its place in the link's order. */
  ordered: boolean;
  timer: TimerHandle | undefined;
}
