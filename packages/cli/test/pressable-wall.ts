import type { Wall } from '../src/index.js';

/**
 * A wall whose time never moves and whose Ctrl-C the test presses: for the commands that run
 * until interrupted (relay, gateway).
 */
export function pressableWall(): { readonly wall: Wall; readonly press: () => void } {
  let press: (() => void) | undefined;
  const wall: Wall = {
    now: () => 0,
    sleep: async () => undefined,
    onInterrupt(handler) {
      press = handler;
      return () => {
        press = undefined;
      };
    },
  };
  return { wall, press: () => press?.() };
}
