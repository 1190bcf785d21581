import * as t from 'io-ts';
import { filter, map, merge, type Observable, Subject } from 'rxjs';
import type { EventObject } from 'xstate';
import { beginLife } from '../clock/incarnation.js';
import { realClock } from '../clock/real-clock.js';
import { ContactmeshError, ErrorCode } from '../errors/index.js';
import { type ContactOutcome, contactMachine } from '../machines/contact/machine.js';
import { presencePolicyDefaults } from '../machines/liveness/machine.js';
import type { RouterContext } from '../machines/router/context.js';
import { routerMachine } from '../machines/router/machine.js';
import { CentreMonitor } from '../metrics/centre-monitor.js';
import { randomIds } from '../protocol/message-ids.js';
import { CustomerCommand } from '../protocol/messages/customer-command.js';
import { SkillName } from '../protocol/primitives.js';
import { createRuntime } from '../runtime/create-runtime.js';
import type { HostedKind } from '../runtime/runtime.js';
import { createMessageSigning } from '../signing/message-signing.js';
import { toAdapter } from './adapter-calls.js';
import {
  AgentChangeArgument,
  AgentProfileArgument,
  CentreOptionsArgument,
  CommandIdArgument,
  ContactSpecArgument,
  checkArgument,
  IdArgument,
  ReasonArgument,
  RouterModeArgument,
} from './arguments.js';
import type { AgentProfile, Centre, CentreEvent, CentreOptions, ContactSpec } from './centre.js';
import { attachAuctions, auctioneerAddress } from './centre-auctions.js';
import { centreDoor } from './centre-door.js';
import { CentreState } from './centre-state.js';
import { commandDesk } from './command-desk.js';
import { recoverFailedContacts } from './contact-recovery.js';
import { handoverDesk } from './handover-desk.js';
import { ContactHosting } from './hosting.js';
import { CentreNetwork } from './network.js';
import { centreSenderRoles } from './sender-roles.js';
import { publishStatuses } from './status-publisher.js';
import { hashToken, isStatusToken, newStatusToken } from './status-token.js';

/**
 * One contact centre inside an ACD: its router, its agents and its contacts as statecharts on a
 * runtime, the adapter the centre drives, status tokens for customers, and their commands.
 *
 * @example
 * ```ts
 * const centre = createCentre({ id: 'london', network: 'acme', transport, adapter: { offer: ({ agent, contact }) => acd.ring(agent, contact) } });
 * await centre.start();
 * centre.agents.login('a1', { displayName: 'Ada', skills: { billing: 5 } });
 * centre.agents.ready('a1');
 * const { id, token } = centre.contacts.arrive({ media: 'voice', skillset: 'billing' });
 * ```
 */
export function createCentre(options: CentreOptions): Centre {
  checkArgument(CentreOptionsArgument, options, 'createCentre(options)', ErrorCode.INVALID_OPTION);
  const { id, adapter } = options;
  const clock = options.clock ?? realClock;
  const ids = options.ids ?? randomIds();
  const { incarnation, since } = beginLife(clock, options.incarnation);
  const hosts: Record<string, HostedKind> = {
    contact: { logic: contactMachine, hosted: (contactId, input) => adopted(contactId, input) },
  };
  const runtime = createRuntime({
    will: {
      topic: `presence/${id}`,
      message: { type: 'presence', body: { centre: id, status: 'offline', incarnation, since } },
      delaySeconds: options.policies?.presence?.willDelaySeconds ?? presencePolicyDefaults.willDelaySeconds,
    },
    centre: id,
    network: options.network,
    transport: options.transport,
    clock,
    ids,
    adapter: (command) => toAdapter(adapter, command),
    // A contact adopted by handover is started by the handover desk machine's decision; the
    // bidder adds its bid actors, started by the bidder machine.
    hosts,
    // Each sender held to its role; `roles` exists before the runtime starts receiving.
    admit: (topic, message) => roles.admit(topic, message),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.inspect === undefined ? {} : { inspect: options.inspect }),
    ...(options.checkLocalMessages === undefined ? {} : { checkLocalMessages: options.checkLocalMessages }),
    ...(options.signing === undefined ? {} : { signing: createMessageSigning(id, options.signing) }),
  });
  const contactPolicy = options.policies?.contact ?? {};
  const mode = options.mode ?? options.policies?.router?.mode ?? { kind: 'network' };
  const router = runtime.host('router', 'main', routerMachine, {
    input: {
      centre: id,
      policy: { ...options.policies?.router, mode, queueModes: options.queueModes ?? {} },
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    },
  });
  const routerContext = () => (runtime.snapshot(router) as { context: RouterContext } | undefined)?.context;
  const monitor = new CentreMonitor(
    runtime,
    options.metrics ?? {},
    (skillset) => staffedFor(routerContext(), skillset),
    (contact) => routerContext()?.contacts.position(contact),
  );
  const state = new CentreState(runtime, router, contactPolicy.skillsets ?? [], (skillset, position) =>
    monitor.expectedWait(skillset, position),
  );
  let stopping = false;
  /** An adopted contact's customer may look it up here. */
  const adopted = (contactId: string, input: unknown) => {
    const { tokenHash } = input as { readonly tokenHash?: string };
    if (tokenHash !== undefined) state.arrived(contactId, tokenHash);
  };
  // A centre that auctions hears of its own contacts' changes in its auctioneer (centre-auctions.ts).
  const auctioneer = options.auctions === undefined ? undefined : auctioneerAddress(id);
  const recovered = new Subject<CentreEvent>();
  const hosting = new ContactHosting({
    runtime,
    centre: id,
    router,
    ...(auctioneer === undefined ? {} : { auctioneer }),
    incarnation,
    contactPolicy,
    ...(options.policies?.agent ? { agentPolicy: options.policies.agent } : {}),
    state,
    stopping: () => stopping,
    recovered: (event) => recovered.next(event),
  });
  const firstRev = hosting.firstRev;
  const network = new CentreNetwork(runtime, router, mode, incarnation, hosting.recover, options.queueModes, options.policies?.presence);
  // Every snapshot of its own agents and contacts reaches the router from the actor itself: the
  // monitor hears them there, once the router has taken each (its queue positions are current).
  const unwatch = runtime.watch(router, (event) => monitor.receive(event));
  handoverDesk({
    runtime,
    replicas: network.replicas,
    mode: () => network.mode.kind,
    stopping: () => stopping,
    router,
    incarnation,
    contactPolicy,
    ...(auctioneer === undefined ? {} : { auctioneer }),
  });
  const roles = centreSenderRoles(options, runtime, network.replicas, state);
  const statuses = publishStatuses({ runtime, state, routerAddress: router, router: routerContext });
  const failures = recoverFailedContacts({
    runtime,
    centre: id,
    router,
    hosting,
    end: (command) => {
      try {
        Promise.resolve(adapter.end?.(command)).catch(() => undefined);
      } catch {
        // The ACD's own failure to hear of the end changes nothing here: the contact has ended.
      }
    },
    forget: (contact, rev) => network.ended(contact, rev),
  });
  const auctions = attachAuctions({
    runtime,
    network,
    monitor,
    router: routerContext,
    auctions: options.auctions,
    bidding: options.bidding,
    registry: options.scoringCommands,
    incarnation,
    hosts,
  });
  // Overflow on expected wait: tell the router when a queue's wait here crosses the threshold.
  const overflowing = new Map<string, boolean>();
  monitor.recorded$.subscribe(() => {
    const mode = network.mode;
    const queue = routerContext()?.contacts;
    if (mode.kind !== 'overflow' || mode.expectedWaitMs === undefined || queue === undefined) return;
    for (const skillset of monitor.queues()) {
      const wait = monitor.expectedWait(skillset, queue.waiting(skillset) + 1);
      const over = wait !== undefined && wait.seconds * 1_000 > mode.expectedWaitMs;
      if ((overflowing.get(skillset) ?? false) === over) continue;
      overflowing.set(skillset, over);
      runtime.deliver(router, { type: 'outlook', skillset, overflowing: over });
    }
  });
  const commands = commandDesk(runtime, state);
  const contactAddress = (contactId: string) => `${id}/contact/${contactId}`;
  const outcomes = new Subject<CentreEvent>();
  runtime.events$
    .pipe(filter((e): e is Extract<typeof e, { type: 'actor.done' }> => e.type === 'actor.done' && e.address.startsWith(`${id}/contact/`)))
    .subscribe(({ address, output }) => {
      const contact = address.slice(address.lastIndexOf('/') + 1);
      const result = output as ContactOutcome;
      state.ended(contact, result);
      network.ended(contact, result.rev);
      const { commands: _answers, at: _at, rev: _rev, ...outcome } = result;
      outcomes.next({ type: 'contact.outcome', contact, ...outcome });
    });

  const agent = (agentId: string) => `${id}/agent/${agentId}`;
  const deliverTo = (address: string, event: EventObject & Record<string, unknown>) => runtime.deliver(address, event);

  const { open, hostedAgent, heldContact } = centreDoor(runtime, () => stopping);

  const centre: Centre = {
    id,
    runtime,
    events$: merge(
      runtime.events$ as Observable<CentreEvent>,
      outcomes,
      recovered,
      failures,
      network.liveness$,
      auctions.closed$.pipe(map((outcome): CentreEvent => ({ type: 'auction.closed', ...outcome }))),
    ),
    agents: {
      login(agentId, profile) {
        open('agents.login');
        checkArgument(IdArgument, agentId, 'agents.login: agent id');
        const checked: AgentProfile = checkArgument(AgentProfileArgument, profile, 'agents.login: profile');
        if (runtime.snapshot(agent(agentId)) === undefined) {
          const known = [network.replicas.agent(id, agentId)?.rev, network.replicas.tombstone('agent', `${id}/${agentId}`)?.rev];
          hosting.hostAgent(agentId, checked, firstRev(...known));
        }
        deliverTo(agent(agentId), { type: 'login' });
      },
      ready: (agentId) => deliverTo(hostedAgent('agents.ready', agentId), { type: 'ready' }),
      notReady: (agentId, reason) => {
        const address = hostedAgent('agents.notReady', agentId);
        deliverTo(address, { type: 'notReady', reason: checkArgument(ReasonArgument, reason, 'agents.notReady: reason') });
      },
      logout: (agentId) => deliverTo(hostedAgent('agents.logout', agentId), { type: 'logout' }),
      update: (agentId, change) => {
        const address = hostedAgent('agents.update', agentId);
        deliverTo(address, { type: 'update', ...checkArgument(AgentChangeArgument, change, 'agents.update: change') });
      },
      answer: (agentId, contact) => {
        const address = hostedAgent('agents.answer', agentId);
        deliverTo(address, { type: 'answered', contact: checkArgument(IdArgument, contact, 'agents.answer: contact id') });
      },
      decline: (agentId, contact) => {
        const address = hostedAgent('agents.decline', agentId);
        deliverTo(address, { type: 'declined', contact: checkArgument(IdArgument, contact, 'agents.decline: contact id') });
      },
    },
    contacts: {
      arrive(input) {
        open('contacts.arrive');
        const spec: ContactSpec = checkArgument(ContactSpecArgument, input, 'contacts.arrive(spec)');
        const contactId = spec.id ?? `c-${ids()}`;
        if (runtime.snapshot(contactAddress(contactId)) !== undefined) {
          throw new ContactmeshError(
            ErrorCode.DUPLICATE_ACTOR,
            `Contact ${contactId} is already here (still live, or taken back after a restart: see centre.recovered events); report a new contact with a new id.`,
            { value: contactId },
          );
        }
        const token = newStatusToken();
        const tokenHash = hashToken(token);
        // Its token first: the contact's first snapshot, told to the router as it starts, is published to its customer.
        state.arrived(contactId, tokenHash);
        runtime.host('contact', contactId, contactMachine, {
          input: {
            ...spec,
            id: contactId,
            owner: id,
            router,
            ...(auctioneer === undefined ? {} : { auctioneer }),
            tokenHash,
            policy: contactPolicy,
            incarnation,
            rev: firstRev(network.replicas.contact(contactId)?.rev, network.replicas.tombstone('contact', contactId)?.rev),
          },
        });
        return { id: contactId, token };
      },
      // The contact tells its agent (work.ended), wherever the agent is.
      end: (contactId) => deliverTo(heldContact('contacts.end', contactId), { type: 'ended' }),
      wrapped: (contactId) => deliverTo(heldContact('contacts.wrapped', contactId), { type: 'wrapped' }),
      abandon: (contactId) => deliverTo(heldContact('contacts.abandon', contactId), { type: 'abandoned' }),
      resync: (contactId, agentId) => {
        open('contacts.resync');
        hosting.resync(
          checkArgument(IdArgument, contactId, 'contacts.resync: contact id'),
          checkArgument(IdArgument, agentId, 'contacts.resync: agent id'),
        );
      },
    },

    status(token) {
      open('status');
      checkArgument(t.string, token, 'status: token');
      if (!isStatusToken(token)) return undefined;
      return state.status(hashToken(token));
    },

    async command(token, input, commandId = ids()) {
      open('command');
      checkArgument(t.string, token, 'command: token');
      const command: CustomerCommand = checkArgument(CustomerCommand, input, 'command: command');
      checkArgument(CommandIdArgument, commandId, 'command: command id');
      const answer = await commands.ask(token, command, commandId);
      if (!answer.accepted || !isStatusToken(token)) return answer;
      const status = state.status(hashToken(token));
      return status === undefined ? answer : { ...answer, status };
    },

    metrics: () => monitor.metrics(),
    metrics$: monitor.metrics$,
    accuracy: () => monitor.accuracy(),
    replicas: network.replicas,
    mode: () => network.mode,
    setMode: (next) => {
      open('setMode');
      network.setMode(checkArgument(RouterModeArgument, next, 'setMode: mode'));
    },
    queueModes: () => network.queueModes,
    setQueueMode: (skillset, next) => {
      open('setQueueMode');
      const queue: string = checkArgument(SkillName, skillset, 'setQueueMode: skillset');
      network.setQueueMode(queue, next === null ? null : checkArgument(RouterModeArgument, next, 'setQueueMode: mode'));
    },
    async start() {
      open('start');
      await runtime.start();
      network.announce();
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      // A clean stop publishes no will: tell the network this centre is gone — over a connection
      // that is up. One that never came up announced nothing; one that is lost leaves its will to
      // the broker (a publication queued on it now would only fail as the transport closes).
      if (options.transport.state === 'connected')
        runtime.publish(`presence/${id}`, network.presence('offline', true), { retain: true, qos: 1 });
      statuses.stop();
      network.stop();
      auctions.stop();
      commands.stop();
      outcomes.complete();
      unwatch();
      monitor.complete();
      await runtime.stop();
    },
  };
  return centre;
}

/** Agents logged in (not logged out or not ready) who have the skillset's skill. */
function staffedFor(router: RouterContext | undefined, skillset: string): number {
  let staffed = 0;
  for (const agent of router?.agents.values() ?? []) {
    if (agent.state !== 'loggedOut' && agent.state !== 'notReady' && (agent.skills[skillset] ?? 0) > 0) staffed += 1;
  }
  return staffed;
}
