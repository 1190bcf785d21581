import { ContactmeshError, ErrorCode, preview } from '../errors/index.js';
import type { Runtime } from '../runtime/runtime.js';
import { checkArgument, IdArgument } from './arguments.js';

/**
 * The door of every public call of a centre (docs/embedding.md, "What is checked"): after
 * `stop()` nothing runs (`CM_ERR_STOPPED`); ids are decoded with the wire's codecs and must name
 * what this centre hosts now (`CM_ERR_UNKNOWN_AGENT`, `CM_ERR_UNKNOWN_CONTACT`).
 *
 * @example
 * ```ts
 * const door = centreDoor(runtime, () => stopping);
 * runtime.deliver(door.hostedAgent('agents.ready', agentId), { type: 'ready' });
 * ```
 */
export function centreDoor(runtime: Runtime, stopped: () => boolean) {
  const id = runtime.centre;
  const open = (call: string): void => {
    if (stopped())
      throw new ContactmeshError(ErrorCode.STOPPED, `${call} was called after centre ${id} stopped; create a new centre to go on.`);
  };
  return {
    open,
    /** The address of agent `agentId` of this centre, checked; throws when it is not hosted here. */
    hostedAgent(call: string, agentId: unknown): string {
      open(call);
      const checked: string = checkArgument(IdArgument, agentId, `${call}: agent id`);
      const address = `${id}/agent/${checked}`;
      if (runtime.snapshot(address) === undefined) {
        throw new ContactmeshError(
          ErrorCode.UNKNOWN_AGENT,
          `${call}: centre ${id} has no agent ${preview(checked)}; log them in first with agents.login(id, profile).`,
          { value: checked },
        );
      }
      return address;
    },
    /** The address of contact `contactId`, checked; throws when this centre does not hold it now. */
    heldContact(call: string, contactId: unknown): string {
      open(call);
      const checked: string = checkArgument(IdArgument, contactId, `${call}: contact id`);
      const address = `${id}/contact/${checked}`;
      if (runtime.snapshot(address) === undefined) {
        throw new ContactmeshError(
          ErrorCode.UNKNOWN_CONTACT,
          `${call}: centre ${id} does not hold contact ${preview(checked)}: it never arrived here, has ended (see contact.outcome events) or was handed over to another centre (adapter.forward).`,
          { value: checked },
        );
      }
      return address;
    },
  };
}
