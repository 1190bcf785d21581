/**
 * The core of contactmesh, with no I/O: the protocol, clocks, the transport contract, the effect
 * runtime, the statecharts and the embedding API (`createCentre`).
 *
 * @module @contactmesh/core
 */

// Errors and results
export { ContactmeshError, ErrorCode, errorCodes, isContactmeshError, preview } from './errors/index.js';
export type { ErrorDetails } from './errors/index.js';
export { err, ok } from './result.js';
export type { Result } from './result.js';

// Limits
export { defaultLimits, resolveLimits } from './limits.js';
export type { Limits } from './limits.js';

// Time and randomness
export { realClock, VirtualClock } from './clock/index.js';
export type { Clock, RunResult, TimerHandle } from './clock/index.js';
export { createRandom, drawInt, randomFromState, randomState } from './random/random.js';
export type { Random } from './random/random.js';

// Transport contract
export { sharedSubscription, topicMatches, validateFilter, validateTopic } from './transport/index.js';
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
} from './transport/index.js';

// Effects: what machines emit, what every interpreter carries out
export { effects, isEffect } from './effects/effects.js';
export type { AdapterArgument, AdapterCommand } from './effects/adapter-command.js';
export type {
  AdapterEffect,
  CancelEffect,
  ClearEffect,
  Effect,
  HostEffect,
  OutgoingMessage,
  PublishEffect,
  ScheduleEffect,
  SendEffect,
  TimerEvent,
} from './effects/effects.js';

// Effect runtime
export { createRuntime } from './runtime/index.js';
export type { Delivered, HostedKind, Runtime, RuntimeEvent, RuntimeOptions, RuntimeStats } from './runtime/index.js';

// Signatures: Ed25519 over every message, for a broker that is shared or not trusted
export {
  createMessageSigning,
  fromBase64url,
  SigningKey,
  SigningOptionsArgument,
  SigningPeers,
  signatureOverhead,
  toBase64url,
} from './signing/index.js';
export type { Ed25519, MessageSigning, SigningOptions } from './signing/index.js';

// Wire protocol (also at @contactmesh/core/protocol)
export {
  address,
  coreMessages,
  decode,
  defineMessages,
  encode,
  networkTopics,
  parseAddress,
  randomIds,
  sequentialIds,
} from './protocol/index.js';
export type { CoreMessage, Envelope, IdSource, MessageOf, MessageRegistry } from './protocol/index.js';
export type { AgentSnapshot, AgentState, ContactSnapshot, ContactState, CustomerCommand, Media } from './protocol/types.js';

// Statecharts
export { agentMachine, agentStateOf, defaultAgentPolicy, defaultCapacity } from './machines/agent/index.js';
export type { AgentContext, AgentEvent, AgentInput, AgentPolicy, DenialReason, Lease, Offer, Work } from './machines/agent/index.js';
export { contactMachine, contactSnapshotOf, decideCommand, defaultContactPolicy } from './machines/contact/index.js';
export { auctionIn, bidIn, contactIn, publicContactState } from './machines/state-names.js';
export type { AuctionMachineState, BidMachineState, ContactMachineState } from './machines/state-names.js';
export type {
  CommandAnswer,
  CommandPhase,
  ContactContext,
  ContactEvent,
  ContactInput,
  ContactOutcome,
  ContactPolicy,
  Decision,
  Substitute,
} from './machines/contact/index.js';
export { commandMachine, commandTimeoutMs } from './machines/command/index.js';
export type { CommandContext, CommandEvent, CommandInput } from './machines/command/index.js';
export type { HeartbeatEvent, HeartbeatInput, PeerWatchEvent, PeerWatchInput, PresencePolicy } from './machines/liveness/index.js';
export { heartbeatMachine, peerWatchMachine, presencePolicyDefaults } from './machines/liveness/index.js';
export { toMermaid } from './machines/diagram.js';
export { adoptedInput, contactInputOf, firstRev, handoverMachine } from './machines/handover/index.js';
export type {
  Adoption,
  HandoverContext,
  HandoverEvent,
  HandoverFacts,
  HandoverInput,
  HostingFacts,
} from './machines/handover/index.js';
export { defaultRouterPolicy, routerMachine } from './machines/router/index.js';
export type { RouterContext, RouterEvent, RouterInput, RouterMode, RouterPolicy } from './machines/router/index.js';

// The embedding API: one contact centre inside an ACD
export { centreOptionFields, checkArgument } from './centre/arguments.js';
export { compileStatus, createCentre, hashToken, isStatusToken, newStatusToken } from './centre/index.js';
export type {
  Adapter,
  AgentProfile,
  AuctionClosedEvent,
  BiddingPolicy,
  Centre,
  CentreEvent,
  CentreOptions,
  CommandReply,
  ContactSpec,
  CustomerStatus,
  ExpectedWait,
  StatusInputs,
} from './centre/index.js';

// Expected wait
export {
  accuracyReport,
  chooseEstimator,
  createAccuracy,
  createWaitObservations,
  defaultEstimatorOrder,
  emaEstimator,
  erlangB,
  erlangC,
  erlangCEstimator,
  erlangServiceLevel,
  estimateWait,
  estimators,
  positionalEstimator,
  queueOutlook,
  recordAccuracy,
  recordAnswered,
  recordArrival,
  recordHandled,
} from './estimators/index.js';
export type {
  AccuracyFigures,
  ErlangCFigures,
  EstimateAccuracy,
  EstimateInput,
  EstimatorName,
  QueueAccuracyFigures,
  QueueLoad,
  QueueOutlook,
  WaitEstimate,
  WaitEstimator,
  WaitObservationOptions,
  WaitObservations,
} from './estimators/index.js';

// Metrics
export { createMetrics, metricsSnapshot, metricsSnapshots, recordMetric, resolveMetricsConfig } from './metrics/index.js';
export type {
  AbandonedCount,
  CentreFigures,
  CentreIntervalFigures,
  IntervalFigures,
  MetricsConfig,
  MetricsEvent,
  MetricsSnapshot,
  MetricsState,
  QueueDefinition,
  QueueFigures,
  QueueMetricsOptions,
} from './metrics/index.js';

// Routing indexes and rules
export {
  AgentIndex,
  agentKey,
  agentOrder,
  agentPolicies,
  ContactQueue,
  contactOrder,
  contactPolicies,
  defaultQueuePolicy,
  eligible,
  hasRoomFor,
  isAvailable,
  proficiencyIn,
  relaxationFor,
  requiredProficiency,
  speaks,
} from './routing/index.js';
export type {
  AgentIndexOptions,
  AgentPolicy as RoutingAgentPolicy,
  AgentPolicyName,
  AgentRank,
  ChooseAgentOptions,
  ChooseContactOptions,
  Compare,
  ContactPolicy as RoutingContactPolicy,
  ContactPolicyName,
  ContactQueueOptions,
  ContactRank,
  QueuePolicy,
  Relaxation,
  RelaxationBySkillset,
  RelaxationStep,
  Requirement,
} from './routing/index.js';

// Replicas of the whole network: records, indexes, presence
export { attachReplicaStore, ReplicaStore } from './replica/index.js';
export type {
  AgentQuery,
  AttachReplicaStoreOptions,
  CentreChange,
  CentreInfo,
  ContactQuery,
  ReplicaChange,
  ReplicaInput,
  ReplicaStoreOptions,
  Tombstone,
} from './replica/index.js';

// Auctions: bids, scoring rules and commands, assessment strategies, the reserve
export {
  AssessmentStrategy,
  Bid,
  BidTerms,
  beatsReserve,
  builtInScoringCommands,
  compareBids,
  compareEvaluations,
  compileRule,
  createAssessment,
  createScoringCommandRegistry,
  Reserve,
  ScoredField,
  ScoringRule,
  scoreBid,
} from './auction/index.js';
export type {
  Assessment,
  AssessmentOptions,
  BidEvaluation,
  BoundScoringCommand,
  CompiledRule,
  ExplainedBid,
  Explanation,
  OfferResult,
  Outcome,
  RejectReason,
  Rejection,
  ReserveVerdict,
  ScoringCommand,
  ScoringCommandRegistry,
  ScoringContext,
} from './auction/index.js';
export { createAuctionMachine, defaultAuctionPolicy } from './machines/auction/index.js';
export { auctioneerMachine } from './machines/auctioneer/index.js';
export type { AuctioneerContext, AuctioneerEvent, AuctioneerInput, AuctioneerMachine } from './machines/auctioneer/index.js';
export { createBidMachine } from './machines/bid/index.js';
export type {
  BidContext,
  BidEvent,
  BidInput,
  BidMachine,
  BidFacts,
  BidOutcome,
  BidPolicy,
  Requester,
  RequestFacts,
} from './machines/bid/index.js';
export { bidderMachine } from './machines/bidder/index.js';
export type {
  AgentBidderInput,
  BidderContext,
  BidderEvent,
  BidderInput,
  BidderMachine,
  CentreBidderInput,
  EntityFacts,
} from './machines/bidder/index.js';
export { createAgentBidder } from './agent-bidder/index.js';
export type { AgentBidder, AgentBidderEvent, AgentBidderOptions, BidDecision, PendingEntity } from './agent-bidder/index.js';
export type {
  AuctionContext,
  AuctionEvent,
  AuctionInput,
  AuctionOptions,
  AuctionOutcome,
  AuctionPolicy,
  HeldBid,
} from './machines/auction/index.js';
