import { format } from 'node:util';
import { afterEach, beforeEach } from 'vitest';

// Library code reports through event streams, never the console; any console output during a
// test fails that test, so a stray log cannot hide a real problem.
const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const originals = Object.fromEntries(methods.map((m) => [m, console[m]]));
let output: string[] = [];

beforeEach(() => {
  output = [];
  for (const method of methods) {
    console[method] = (...args: unknown[]) => {
      output.push(`console.${method}: ${format(...args)}`);
    };
  }
});

afterEach(() => {
  Object.assign(console, originals);
  if (output.length > 0) {
    throw new Error(`Console output during the test (report through events instead):\n${output.join('\n')}`);
  }
});
