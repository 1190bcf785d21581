import type { HostingFacts } from '../machines/handover/adoption.js';
import type { HandoverFacts } from '../machines/handover/events.js';
import { handoverMachine } from '../machines/handover/machine.js';
import type { RouterMode } from '../machines/router/context.js';
import { contactIn } from '../machines/state-names.js';
import { centreOf } from '../protocol/address.js';
import type { ReplicaStore } from '../replica/replica-store.js';
import type { Runtime } from '../runtime/runtime.js';

/** What the handover desk reads from its centre. */
export interface HandoverDeskOptions extends Omit<HostingFacts, 'centre'> {
  readonly runtime: Runtime;
  readonly replicas: ReplicaStore;
  readonly mode: () => RouterMode['kind'];
  readonly stopping: () => boolean;
}

/**
 * The door of a centre's handover desk (`{centre}/handover/main`, where other centres send
 * `handover.request` and `contact.abandoned`): it passes each message on to the desk machine
 * (`{centre}/handover/desk`, {@link handoverMachine}), which decides, with the facts the machine
 * cannot know itself — what the replicas say of the contact's owner and of the sender, this
 * centre's copy of the contact, its mode and whether it is stopping — read as the message
 * arrives. It decides nothing.
 *
 * @example
 * ```ts
 * handoverDesk({ runtime, replicas, mode: () => 'network', stopping: () => false, router, incarnation, contactPolicy: {} });
 * ```
 */
export function handoverDesk(options: HandoverDeskOptions): void {
  const { runtime, replicas, router, incarnation, contactPolicy, auctioneer } = options;
  const { centre } = runtime;
  const address = `${centre}/handover/desk`;
  // Started with the first handover: a centre that never takes one runs no desk.
  const desk = (): string =>
    runtime.snapshot(address) === undefined
      ? runtime.host('handover', 'desk', handoverMachine, {
          input: {
            centre,
            router,
            incarnation,
            contactPolicy,
            ...(auctioneer === undefined ? {} : { auctioneer }),
            remember: runtime.limits.maxRememberedOutcomes,
          },
        })
      : address;
  const held = (contact: unknown): HandoverFacts['held'] => {
    const copy = typeof contact === 'string' ? runtime.snapshot(`${centre}/contact/${contact}`) : undefined;
    return copy === undefined ? 'none' : contactIn(copy, 'handingOver') ? 'handingOver' : 'live';
  };
  runtime.endpoint('handover', 'main', (message) => {
    if (message.type === 'contact.abandoned') {
      const { type, from, body } = message;
      runtime.deliver(desk(), { type, from, body, facts: { held: held(body.contact) } });
      return;
    }
    if (message.type !== 'handover.request') return;
    const { type, from, body } = message;
    const contact = body.contact.id;
    const owner = replicas.contact(contact)?.owner;
    const sender = replicas.centre(centreOf(from));
    const facts: HandoverFacts = {
      ...(owner === undefined ? {} : { owner }),
      ...(sender === undefined ? {} : { sender: { incarnation: sender.incarnation, status: sender.status } }),
      mode: options.mode(),
      stopping: options.stopping(),
      held: held(contact),
    };
    runtime.deliver(desk(), { type, from, body, facts });
  });
}
