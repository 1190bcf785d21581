export { sharedSubscription, topicMatches, validateFilter, validateTopic } from './topics.js';
export type {
  ConnectionState,
  ConnectOptions,
  InboundMessage,
  PublishOptions,
  QoS,
  SubscribeOptions,
  Transport,
  TransportGuarantees,
  WillMessage,
} from './transport.js';
