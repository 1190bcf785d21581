import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { version } from '../src/version.js';

// `npx contactmesh …` in a checkout right after `npm install`: the bin runs the sources when
// nothing is built (dist/ is not in the repository), from any directory.

const run = promisify(execFile);
const launcher = fileURLToPath(new URL('../bin/contactmesh.mjs', import.meta.url));
const linked = fileURLToPath(new URL('../../../node_modules/.bin/contactmesh', import.meta.url));

describe('the contactmesh bin', { timeout: 60_000 }, () => {
  it('runs the sources without a build, from another directory', async () => {
    const { stdout } = await run(process.execPath, [launcher, '--version'], { cwd: tmpdir(), timeout: 30_000 });
    expect(stdout.trim()).toBe(version);
    const help = await run(process.execPath, [launcher, 'check', '--help'], { cwd: tmpdir(), timeout: 30_000 });
    expect(help.stdout).toMatch(/--replay <file>/);
  });

  it('is what npm links as node_modules/.bin/contactmesh', async () => {
    const { stdout } = await run(linked, ['--version'], { cwd: tmpdir(), timeout: 30_000 });
    expect(stdout.trim()).toBe(version);
  });
});
