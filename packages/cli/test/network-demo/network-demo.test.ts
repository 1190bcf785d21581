import { describe, expect, it } from 'vitest';
import { realWall } from '../../src/demo/real-wall.js';
import { buildProgram } from '../../src/index.js';

// `npm start`: the network demo, for real — three centres on an in-process relay, a gateway, the
// dashboard — run fast (600 simulated seconds at 300×, two real seconds) and asked over HTTP while
// it runs.

describe('contactmesh demo (the network)', () => {
  it('runs three centres with routing and auctions, serves the dashboard and status pages, prints links, and stops with a summary', async () => {
    const out: string[] = [];
    const seen: { dashboard?: string; status?: number; link?: string } = {};
    await buildProgram(
      { out: (t) => out.push(t), err: (t) => out.push(t) },
      {
        wall: realWall,
        networkDemo: {
          started: ({ dashboard }) => {
            void (async () => {
              seen.dashboard = await (await fetch(dashboard)).text();
            })();
          },
        },
      },
    ).parseAsync(['node', 'contactmesh', 'demo', '--port', '0', '--speed', '300', '--duration', '600', '--seed', '4']);
    const text = out.join('\n');
    expect(text).toMatch(/dashboard: +http:\/\/127\.0\.0\.1:\d+\/dashboard/);
    expect(text).toMatch(/in-process WebSocket relay/);
    const links = [...text.matchAll(/is waiting — (http:\/\/\S+\/c\/[\w-]{22})/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    expect(seen.dashboard).toMatch(/<h2 id="c-london">london/);
    expect(seen.dashboard).toMatch(/<h2 id="c-new-york">new-york/);
    const summary = out.at(-1) ?? '';
    expect(summary).toMatch(/^demo stopped: london offered \d+/);
    // Contacts were served, and some crossed between centres.
    const handled = [...summary.matchAll(/handled (\d+)/g)].map((m) => Number(m[1]));
    expect(handled.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 30_000);
});
