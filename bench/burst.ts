/**
 * Times bursts of publications to one subscriber: call `arrived()` from the subscriber's handler
 * for every message; `burst` sends `size` and resolves with the ms until the subscriber has them all
 * and every publication is acknowledged.
 */
export class Burst {
  #received = 0;
  #expected = 0;
  #all: (() => void) | undefined;

  arrived(): void {
    if (++this.#received === this.#expected) this.#all?.();
  }

  async burst(size: number, publish: () => Promise<void>): Promise<number> {
    this.#received = 0;
    this.#expected = size;
    const all = new Promise<void>((resolve) => {
      this.#all = resolve;
    });
    const t0 = performance.now();
    const sent: Promise<void>[] = [];
    for (let i = 0; i < size; i += 1) sent.push(publish());
    await Promise.all([all, ...sent]);
    return performance.now() - t0;
  }
}
