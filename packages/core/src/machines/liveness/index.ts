export type { PresencePolicy } from './machine.js';
export { presencePolicyDefaults } from './machine.js';
export type { HeartbeatEvent, HeartbeatInput, HeartbeatMachine, PeerWatchEvent, PeerWatchInput, PeerWatchMachine } from './machine.js';
export { heartbeatMachine, peerWatchMachine } from './machine.js';
