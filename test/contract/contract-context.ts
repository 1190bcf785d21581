import { afterEach, beforeEach } from 'vitest';
import type { ContractEnv, MakeContractEnv } from './contract-env.js';

/** What each contract test works with: its env and topics of its own. */
export interface ContractContext {
  readonly env: ContractEnv;
  /** A topic under this test's own prefix. */
  topic(suffix: string): string;
}

let tests = 0;

/** Gives each test of the enclosing `describe` a fresh env, disposed after it. */
export function useContractEnv(makeEnv: MakeContractEnv): ContractContext {
  let current: ContractEnv | undefined;
  let prefix = '';
  beforeEach(async () => {
    current = await makeEnv();
    tests += 1;
    prefix = `${current.topicPrefix ?? 'cm-contract'}/t${tests}`;
  });
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
  });
  return {
    get env(): ContractEnv {
      if (current === undefined) throw new Error('The contract env exists only while a test runs.');
      return current;
    },
    topic: (suffix) => `${prefix}/${suffix}`,
  };
}
