import { assign, enqueueActions, setup } from 'xstate';
import { type Effect, effects } from '../../effects/effects.js';
import { apply } from '../step.js';
import { initialContext, type RouterContext, type RouterInput } from './context.js';
import {
  agentChanged,
  anyWaiting,
  assignmentFailed,
  contactChanged,
  modeChanged,
  outlookChanged,
  queueModeChanged,
  recheck,
} from './decide.js';
import type { RouterEvent } from './events.js';

/**
 * A centre's router: keeps its agents (an immutable index ordered per media, skill and policy)
 * and its waiting contacts (queues per skillset), and whenever either changes, chooses — an agent
 * for a contact (longest idle by default) or a contact for an agent (highest priority, then oldest
 * seniority). A choice is only an assignment to try: the contact reserves the agent from its
 * owner, and a failure comes back as `route.failed` so the next candidate is tried. While contacts
 * wait, it looks at them again every `recheckMs`, as skill relaxation may widen their choice.
 * Pure: time comes from the events, effects are data.
 */
export const routerMachine = setup({
  types: {
    context: {} as RouterContext,
    input: {} as RouterInput,
    events: {} as RouterEvent,
    emitted: {} as Effect,
  },
  actions: {
    agentChanged: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'agent.snapshot') apply(enqueue, agentChanged(context, event.body, event.at));
    }),
    contactChanged: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'contact.snapshot') apply(enqueue, contactChanged(context, event.body, event.at));
    }),
    assignmentFailed: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'route.failed')
        apply(enqueue, assignmentFailed(context, event.body.contact, event.body.agent, event.body.reason, event.at, event.body.rev));
    }),
    outlookChanged: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'outlook') apply(enqueue, outlookChanged(context, event.skillset, event.overflowing, event.at));
    }),
    queueModeChanged: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'queueMode') apply(enqueue, queueModeChanged(context, event.skillset, event.mode, event.at));
    }),
    modeChanged: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'mode') apply(enqueue, modeChanged(context, event.mode, event.at));
    }),
    recheck: enqueueActions(({ context, event, enqueue }) => apply(enqueue, recheck(context, event.at))),
    // While contacts wait, look again every recheckMs (one timer at a time).
    keepRechecking: enqueueActions(({ context, enqueue }) => {
      const waiting = anyWaiting(context);
      if (waiting && !context.rechecking) {
        enqueue.emit(effects.schedule('recheck', context.policy.recheckMs, { type: 'recheck' }));
        enqueue.assign({ rechecking: true });
      } else if (!waiting && context.rechecking) {
        enqueue.emit(effects.cancel('recheck'));
        enqueue.assign({ rechecking: false });
      }
    }),
    recheckFired: assign({ rechecking: false }),
  },
}).createMachine({
  id: 'router',
  context: ({ input }) => initialContext(input),
  initial: 'routing',
  states: {
    routing: {
      on: {
        'agent.snapshot': { actions: ['agentChanged', 'keepRechecking'] },
        'contact.snapshot': { actions: ['contactChanged', 'keepRechecking'] },
        'route.failed': { actions: ['assignmentFailed', 'keepRechecking'] },
        recheck: { actions: ['recheckFired', 'recheck', 'keepRechecking'] },
        mode: { actions: ['modeChanged', 'keepRechecking'] },
        outlook: { actions: ['outlookChanged', 'keepRechecking'] },
        queueMode: { actions: ['queueModeChanged', 'keepRechecking'] },
      },
    },
  },
});
