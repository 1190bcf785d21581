import { describe, it } from 'vitest';

/**
 * Stands in for a suite whose component the user may lack (a browser, an MQTT broker, the
 * mosquitto binary) when it is missing: with `CI=true` it fails, naming how to enable it; elsewhere
 * it says loudly on stderr and in the report what it skipped and how to enable it.
 *
 * @example
 * ```ts
 * if (mosquittoPath === undefined) describeMissing('the generated broker ACL', 'no mosquitto binary', howToEnable);
 * ```
 */
export function describeMissing(suite: string, missing: string, howToEnable: string): void {
  describe(suite, () => {
    if (process.env.CI === 'true') {
      it('runs on what CI provides', () => {
        throw new Error(`${missing}, and CI must not skip ${suite}: ${howToEnable}.`);
      });
    } else {
      process.stderr.write(`\n[${suite}] SKIPPED (${missing}): ${howToEnable}.\n`);
      it.skip(`SKIPPED (${missing}): ${howToEnable}`, () => undefined);
    }
  });
}
