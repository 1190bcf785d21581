import type { Adapter, Centre, CentreEvent, Clock } from '@contactmesh/core';
import { createRandom, ErrorCode } from '@contactmesh/core';
import { createSimulatedAcd } from '../demo/simulated-acd.js';
import { startTraffic } from '../demo/traffic.js';
import { acdCommand, acdLines } from './acd-lines.js';
import type { AgentConfig, CentreConfig } from './centre-config.js';
import { acdOps, type ControlCommand } from './control.js';
import type { OutputLine } from './output.js';

/**
 * What drives a `contactmesh centre`: your ACD over its lines, or a simulated one. Each gives the
 * centre its adapter, takes the control lines of its kind, and hears the centre's events.
 */
export interface CentreSide {
  readonly adapter: Adapter;
  /** The ops it takes, for a line of the other kind. */
  readonly ops: readonly string[];
  /** The centre started: log the roster in, start the traffic. */
  started(centre: Centre, idPrefix: string): void;
  /** One of the centre's events (an outcome, an agent of an earlier life taken back). */
  heard(centre: Centre, event: CentreEvent): void;
  /** A control line of this side's ops: its answer. */
  control(centre: Centre, command: ControlCommand, ref: { readonly ref?: string }): OutputLine;
  /** The centre is stopping: stop the traffic and the simulated calls. */
  stop(): void;
}

/** Your ACD, at the other end of the centre's standard input and output. */
export function acdSide(print: (line: OutputLine) => void): CentreSide {
  return {
    adapter: acdLines(print),
    ops: [...acdOps],
    started: () => {},
    heard: () => {},
    control: (centre, command, ref) => acdCommand(centre, command as Parameters<typeof acdCommand>[1], ref),
    stop: () => {},
  };
}

/** The simulated ACD's settings of a config, with their defaults: what the centre runs with, and what `--print-config` shows. */
export function acdSettings(config: CentreConfig) {
  return {
    answer: { minDelaySeconds: 1, maxDelaySeconds: 4, missChance: 0, offerTimeoutSeconds: 20, ...config.answer },
    wrapUpSeconds: config.wrapUpSeconds ?? 10,
    forwardedTalkSeconds: config.forwardedTalkSeconds ?? 180,
  };
}

/** What {@link simulatedSide} needs. */
export interface SimulatedSideOptions {
  readonly clock: Clock;
  readonly seed: number;
  readonly config: CentreConfig;
  readonly print: (line: OutputLine) => void;
  /** The centre it drives (created after its adapter, hence a function). */
  readonly centre: () => Centre;
}

const simulatedOps = ['arrive', 'end', 'abandon', 'login', 'logout', 'ready', 'notReady'];

/**
 * Simulated agents (the config's roster) who answer offers after a drawn delay, and the config's
 * Poisson traffic (`--simulate`); control lines add calls and steer agents by hand.
 */
export function simulatedSide(options: SimulatedSideOptions): CentreSide {
  const { clock, config, print } = options;
  const random = createRandom(options.seed);
  const { answer, wrapUpSeconds, forwardedTalkSeconds } = acdSettings(config);
  const forwardedTalkMs = forwardedTalkSeconds * 1_000;
  const roster = new Map<string, AgentConfig>((config.agents ?? []).map((agent) => [agent.id, agent]));
  const acd = createSimulatedAcd({
    clock,
    random: createRandom(random.int(0, 0x7fffffff)),
    answer,
    wrapUpMs: wrapUpSeconds * 1_000,
    centre: options.centre,
    arrivedElsewhere: () => ({ handleMs: forwardedTalkMs }),
  });
  const login = (centre: Centre, agent: AgentConfig) => {
    if (agent.state === 'loggedOut') return;
    centre.agents.login(agent.id, {
      displayName: agent.displayName ?? agent.id,
      skills: agent.skills,
      ...(agent.capacity === undefined ? {} : { capacity: agent.capacity }),
      ...(agent.languages === undefined ? {} : { languages: agent.languages }),
    });
    if (agent.state === 'notReady') centre.agents.notReady(agent.id, 'starting');
    else centre.agents.ready(agent.id);
  };
  let stopTraffic: (() => void)[] = [];
  let contacts = 0;
  let idPrefix = '';
  return {
    adapter: {
      ...acd.adapter,
      offer: (command) => {
        print({ type: 'offer', agent: command.agent, contact: command.contact });
        return acd.adapter.offer(command);
      },
      forward: ({ contact, to, agent }) => {
        acd.forget(contact);
        print({ type: 'forwarded', contact, to, ...(agent === undefined ? {} : { agent }) });
      },
      end: ({ contact, outcome }) => {
        acd.forget(contact);
        print({ type: 'ended', contact, outcome });
      },
    },
    ops: simulatedOps,
    started(centre, prefix) {
      idPrefix = prefix;
      for (const agent of config.agents ?? []) login(centre, agent);
      stopTraffic = (config.traffic ?? []).map((traffic) =>
        startTraffic({ clock, random: createRandom(random.int(0, 0x7fffffff)), traffic, acd, idPrefix }),
      );
    },
    heard(centre, event) {
      if (event.type === 'contact.outcome') acd.forget(event.contact);
      // The calls of an earlier life died with it: its agents log in again (from the roster); its
      // contacts wait for `resyncMs` and then queue again, as an ACD that lost them would have it.
      if (event.type === 'centre.recovered' && event.kind === 'agent') {
        const agent = roster.get(event.id);
        if (agent !== undefined) login(centre, agent);
      }
    },
    control(centre, command, ref) {
      const done: OutputLine = { type: 'done', op: command.op, ...ref };
      switch (command.op) {
        case 'arrive': {
          const { op: _op, ref: _ref, talkSeconds, patienceSeconds, ...spec } = command;
          const id = spec.id ?? `${idPrefix}${++contacts}`;
          const plan = {
            handleMs: talkSeconds === undefined ? forwardedTalkMs : talkSeconds * 1_000,
            ...(patienceSeconds === undefined ? {} : { patienceMs: patienceSeconds * 1_000 }),
          };
          const arrived = acd.call({ ...spec, media: spec.media ?? 'voice', id }, plan);
          return { type: 'arrived', contact: arrived.id, token: arrived.token, ...ref };
        }
        case 'end':
          if (!acd.hangUp(command.contact)) centre.contacts.end(command.contact);
          return done;
        case 'abandon':
          centre.contacts.abandon(command.contact);
          return done;
        case 'login': {
          const agent = roster.get(command.agent);
          if (agent === undefined)
            return {
              type: 'error',
              code: ErrorCode.INVALID_MESSAGE,
              message: `agent ${JSON.stringify(command.agent)} is not in the config's agents`,
              ...ref,
            };
          login(centre, { ...agent, state: 'ready' });
          return done;
        }
        case 'logout':
          centre.agents.logout(command.agent);
          return done;
        case 'ready':
          centre.agents.ready(command.agent);
          return done;
        case 'notReady':
          centre.agents.notReady(command.agent, command.reason ?? 'by hand');
          return done;
        default:
          return { type: 'error', code: ErrorCode.INVALID_STATE, message: `${command.op} is not a simulated centre's`, ...ref };
      }
    },
    stop() {
      for (const stop of stopTraffic) stop();
      acd.forgetAll();
    },
  };
}
