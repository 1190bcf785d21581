import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue 19 and DESIGN.md §3: a centre is composition plus thin desks. Every timer and every reading
// of time belongs to a machine (effects.schedule, event.at), where the model checker and the
// simulator can see it. The dependency rule `centres-keep-no-time` keeps clock implementations out
// of these folders; this test keeps timers and clock reads out of their code.
const folders = ['packages/core/src/centre', 'packages/core/src/agent-bidder'];
const root = fileURLToPath(new URL('../../', import.meta.url));

/** Starting a timer, or reading the time, in any of its spellings. */
const forbidden = [
  { what: 'a clock timer', pattern: /\.(setTimer|clearTimer)\(/ },
  { what: 'a platform timer', pattern: /\b(setTimeout|setInterval|setImmediate|queueMicrotask)\(/ },
  { what: 'a clock read', pattern: /(?<!\bDate)\.now\(\)/ },
  { what: 'a Date', pattern: /\bnew Date\(|\bDate\.now\b/ },
];

/** The code of a file without its comments (a comment may well talk about clocks). */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

function offences(text: string): string[] {
  const stripped = code(text);
  return forbidden.filter(({ pattern }) => pattern.test(stripped)).map(({ what }) => what);
}

describe('a centre keeps no time of its own', () => {
  const files = folders.flatMap((folder) =>
    readdirSync(join(root, folder))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(folder, name)),
  );

  it('looks at every file of the centre and of the agent bidder', () => {
    expect(files.length).toBeGreaterThan(15);
  });

  it.each(files)('%s starts no timer and reads no clock', (file) => {
    expect(offences(readFileSync(join(root, file), 'utf8'))).toEqual([]);
  });

  it('would catch each way of keeping time', () => {
    expect(offences('const t = runtime.clock.setTimer(10, f);')).toEqual(['a clock timer']);
    expect(offences('setTimeout(f, 10);')).toEqual(['a platform timer']);
    expect(offences('const at = this.runtime.clock.now();')).toEqual(['a clock read']);
    expect(offences('const at = Date.now();')).toEqual(['a Date']);
    expect(offences('// the clock.now() of the runtime\nconst x = 1;')).toEqual([]);
  });
});
