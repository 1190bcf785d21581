import { sharedSubscription } from '@contactmesh/core';
import type { HubSubscription } from './delivery.js';

/**
 * The hub's shared subscriptions (`$share/{group}/{filter}`): each publication goes to one member
 * of each group, in turn. A member is a participant, as a session is at an MQTT broker: its
 * subscriptions to the same shared filter share one membership, and all of them receive what it
 * is given.
 *
 * @example
 * ```ts
 * const groups = new SharedGroups();
 * for (const sub of groups.select(matching)) route(sub);
 * ```
 */
export class SharedGroups {
  /** Shared filter → how many publications the group has been given. */
  readonly #turns = new Map<string, number>();

  /** Of the subscriptions a publication matches, the ones that receive it: every unshared one, one member of each group. */
  select(matching: readonly HubSubscription[]): readonly HubSubscription[] {
    if (!matching.some((sub) => sharedSubscription(sub.filter) !== undefined)) return matching;
    const chosen: HubSubscription[] = [];
    const groups = new Map<string, HubSubscription[]>();
    for (const sub of matching) {
      if (sharedSubscription(sub.filter) === undefined) chosen.push(sub);
      else groups.set(sub.filter, [...(groups.get(sub.filter) ?? []), sub]);
    }
    for (const [filter, subs] of groups) {
      // Members in the order they joined (the hub keeps subscriptions in attach order).
      const members = [...new Set(subs.map((s) => s.participant))];
      const turn = this.#turns.get(filter) ?? 0;
      this.#turns.set(filter, turn + 1);
      const member = members[turn % members.length];
      chosen.push(...subs.filter((s) => s.participant === member));
    }
    return chosen;
  }

  /** The group's last subscription has gone: a new group under the same name starts from the first member. */
  forget(filter: string): void {
    this.#turns.delete(filter);
  }
}
