import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const script = fileURLToPath(new URL('./fixtures/real-clock-delivery.ts', import.meta.url));

describe('memory hub on the real clock', () => {
  // A child process, because only a process of its own shows whether a pending delivery keeps the
  // event loop alive: the test waits for the child to exit, never for a fixed time.
  it('delivers a resolved publication even when nothing else keeps the process alive', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--conditions=@contactmesh/source', '--import', 'tsx', script], {
      cwd: root,
    });
    expect(stdout, `the child wrote to stderr: ${stderr}`).toBe('cm/demo/hello hi\n');
  }, 60_000);
});
