import type { AnyMachineSnapshot } from 'xstate';
import { createScoringCommandRegistry } from '../auction/scoring-commands.js';
import { type AuctionPolicy, defaultAuctionPolicy } from '../machines/auction/context.js';
import { createAuctionMachine } from '../machines/auction/machine.js';
import { auctioneerMachine } from '../machines/auctioneer/machine.js';
import { candidates } from '../machines/bid/actions.js';
import type { BidPolicy } from '../machines/bid/context.js';
import { createBidMachine } from '../machines/bid/machine.js';
import { bidAddress, bidderMachine } from '../machines/bidder/index.js';
import type { RouterContext } from '../machines/router/context.js';
import type { AuctionEntityBody, AuctionedContact } from '../protocol/messages/auction.js';
import type { AgentSnapshot } from '../protocol/messages/snapshots.js';
import { ownerOf, type World } from './world.js';
import type { Door, DoorPass, Told, WorldRules } from './world-engine.js';

/** How a centre of a checked network takes part in auctions. */
export interface AuctionRoles {
  /** It auctions its waiting contacts (its auctioneer, its auction desk). */
  readonly auctions: boolean;
  /** It bids in the others' auctions (its bidder desk and bid actors). */
  readonly bids: boolean;
  /** Its router's mode: a centre in `local` mode takes nothing from the network, and says so to every entity. */
  readonly mode: string;
}

/**
 * The machines of the auction protocol, by kind, as a centre runs them: the auctioneer, one
 * auction per contact auctioned, the bidder and one bid actor per entity considered. Bids are
 * priced at no cost and promise only agents (no queue promise: the model has no wait estimates).
 */
export function auctionKinds(): WorldRules['kinds'] {
  return {
    auctioneer: auctioneerMachine,
    auction: createAuctionMachine(createScoringCommandRegistry()),
    bidder: bidderMachine,
    bid: createBidMachine(checkedBidPolicy),
  };
}

/** How the checked centres bid: every entity, at no cost, for agents only (no queue promise), trying up to three agents. */
export const checkedBidPolicy: BidPolicy = {
  accepts: () => true,
  speaksFor: () => false,
  cost: () => undefined,
  automatic: true,
  maxTries: 3,
  queuePromise: false,
};

/** The auction policy of the checked centres: the defaults, with the deadline and award times given. */
export const auctionPolicy = (times: {
  readonly deadlineMs?: number;
  readonly awardMs?: number;
  readonly retryMs?: number | null;
}): AuctionPolicy => ({
  ...defaultAuctionPolicy,
  ...times,
});

const routerContext = (world: World, centre: string): RouterContext | undefined =>
  world.actors[`${centre}/router/main`]?.snapshot.context as RouterContext | undefined;

/** The centre's own agents as its router holds them (what its replicas show). */
const localAgents = (world: World, centre: string): AgentSnapshot[] =>
  [...(routerContext(world, centre)?.local.values() ?? [])].filter((agent) => agent.home === centre);

/**
 * The owner's auction desk (`{centre}/auctions/main`): it hosts the auction its auctioneer opens,
 * with the contact's expected wait here — `Infinity` when nobody here has the skill, else
 * `localWaitMs` (the model's stand-in for the centre's estimate) — with the centre's `policy`, and
 * passes each bid to its auction while it runs, else to the auctioneer.
 */
export const auctionDeskDoor =
  (policy: AuctionPolicy, localWaitMs: number): Door =>
  (world, centre, message): DoorPass | undefined => {
    const auctioneer = `${centre}/auctioneer/main`;
    if (message.type === 'auction.open' && message.from === auctioneer) {
      const { auctionId, contact } = message.body as { auctionId: string; contact: AuctionedContact };
      if (world.actors[`${centre}/auction/${auctionId}`] !== undefined) return undefined;
      const staffed = localAgents(world, centre).some((agent) => agent.state !== 'loggedOut' && (agent.skills[contact.skillset] ?? 0) > 0);
      const input = {
        auctionId,
        owner: centre,
        desk: `${centre}/auctions/main`,
        contact,
        policy,
        localExpectedWaitMs: staffed ? localWaitMs : Number.POSITIVE_INFINITY,
      };
      return { host: { kind: 'auction', id: auctionId, input } };
    }
    if (message.type !== 'auction.bid') return undefined;
    const { auctionId } = message.body as { auctionId: string };
    const running = world.actors[`${centre}/auction/${auctionId}`] !== undefined;
    return { to: running ? `${centre}/auction/${auctionId}` : auctioneer, event: { ...message, type: 'auction.bid' } };
  };

const bidMessages = new Set(['auction.entity', 'auction.award', 'auction.release', 'auction.bidStatus']);

/**
 * A bidding centre's desk (`{centre}/bidder/main`): what comes for an auction goes to its bid
 * actor while one lives, else to the bidder machine — an entity with the facts the desk reads
 * (the centre's idle agents who could serve it, whether its mode keeps it out, the contact's owner
 * as the network knows it); each change of the centre's own agents goes to every live bid actor.
 */
export const bidderDoor =
  (roles: (centre: string) => AuctionRoles | undefined): Door =>
  (world, centre, message): DoorPass[] | DoorPass | undefined => {
    const desk = `${centre}/bidder/desk`;
    if (message.type === 'agent.snapshot') {
      const snapshot = message.body as AgentSnapshot;
      if (snapshot.home !== centre) return undefined;
      const live = (world.actors[desk]?.snapshot.context as { live?: readonly string[] } | undefined)?.live ?? [];
      return live
        .map((auctionId) => bidAddress(centre, auctionId))
        .filter((address) => world.actors[address] !== undefined)
        .map((to) => ({ to, event: { type: 'agent.changed', snapshot } }));
    }
    if (!bidMessages.has(message.type)) return undefined;
    const { auctionId } = message.body as { auctionId: string };
    const address = bidAddress(centre, auctionId);
    if (world.actors[address] !== undefined) return { to: address, event: { ...message } };
    if (message.type !== 'auction.entity') return { to: desk, event: { ...message } };
    const entity = message.body as AuctionEntityBody;
    const closed =
      roles(centre)?.mode === 'local' ? { closed: `${centre} takes no ${entity.contact.skillset} contacts from the network` } : {};
    const owner = ownerOf(world, entity.contact.id);
    const idle = candidates(
      localAgents(world, centre).filter((agent) => agent.state === 'idle'),
      entity.contact,
      [],
    );
    return { to: desk, event: { ...message, facts: { idle, ...closed, ...(owner === undefined ? {} : { knownOwner: owner }) } } };
  };

/** Who hears an auction's publications: its entity reaches every other bidding centre's desk, a bid in the space the owner's desk. */
export function auctionSubscribers(
  topic: string,
  centre: string,
  centres: readonly string[],
  roles: (centre: string) => AuctionRoles | undefined,
): string[] {
  const parts = topic.split('/');
  if (parts[0] === 'replica' && parts[2] === 'agent' && roles(centre)?.bids === true) return [`${centre}/bidder/main`];
  if (parts[0] !== 'auction') return [];
  if (parts.length === 3) return centres.filter((c) => c !== centre && roles(c)?.bids === true).map((c) => `${c}/bidder/main`);
  const owner = parts[1] as string;
  return parts[3] === 'bids' && roles(owner)?.auctions === true ? [`${owner}/auctions/main`] : [];
}

/** What the desks do when an auction or a bid actor ends: the auctioneer hears of the auction's end, the bidder of the bid's. */
export function auctionEnded(_world: World, address: string, snapshot: AnyMachineSnapshot): Told[] {
  const [centre, kind, id] = address.split('/');
  if (kind === 'auction') return [{ to: `${centre}/auctioneer/main`, event: { type: 'auction.closed', outcome: snapshot.output } }];
  if (kind === 'bid') return [{ to: `${centre}/bidder/desk`, event: { type: 'bid.ended', auctionId: id } }];
  return [];
}
