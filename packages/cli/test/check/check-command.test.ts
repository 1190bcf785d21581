import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentMachine, contactMachine } from '@contactmesh/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/index.js';
import { runCli } from '../run-cli.js';

// `contactmesh check FILE`: a small network, every interleaving of its production statecharts.

const network = {
  centres: { london: { mode: 'network' }, paris: { mode: 'network', agents: [{ id: 'a1', skills: { billing: 5 } }] } },
  arrivals: [{ centre: 'london', id: 'c1', skillset: 'billing' }],
  horizonMs: 4_000,
};

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'contactmesh-check-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('contactmesh check', { timeout: 120_000 }, () => {
  it('explores every world of the network and says the invariants hold, with how many worlds', async () => {
    await writeFile(file('net.json'), JSON.stringify(network));
    const { out, exitCode } = await runCli(['check', file('net.json')]);
    expect(exitCode).toBe(ExitCode.ok);
    expect(out).toMatch(/^every invariant holds in every reachable world: [\d,]+ worlds, [\d,]+ steps, depth \d+/m);
  });

  it("takes every order of two centres' steps with --no-reduction: the same worlds, more steps", async () => {
    await writeFile(file('net.json'), JSON.stringify(network));
    const reduced = JSON.parse((await runCli(['check', file('net.json'), '--json'])).out);
    const full = JSON.parse((await runCli(['check', file('net.json'), '--json', '--no-reduction'])).out);
    expect(full).toMatchObject({ exhaustive: true, states: reduced.states });
    expect(full.transitions).toBeGreaterThan(reduced.transitions);
  });

  it('cuts centres off the broker and heals them where the file allows partitions, and keeps the count in range', async () => {
    await writeFile(file('net.json'), JSON.stringify(network));
    await writeFile(file('cut.json'), JSON.stringify({ ...network, faults: { partitions: 1 } }));
    const calm = JSON.parse((await runCli(['check', file('net.json'), '--json'])).out);
    const { out, exitCode } = await runCli(['check', file('cut.json'), '--json']);
    expect(exitCode).toBe(ExitCode.ok);
    const cut = JSON.parse(out);
    expect(cut).toMatchObject({ verdict: 'holds', exhaustive: true });
    expect(cut.states).toBeGreaterThan(calm.states * 5);
    await writeFile(file('cut-bad.json'), JSON.stringify({ ...network, faults: { partitions: 9 } }));
    const bad = await runCli(['check', file('cut-bad.json')]);
    expect(bad.exitCode).toBe(ExitCode.usage);
    expect(bad.err).toMatch(/faults\.partitions/);
  });

  it('checks auctions: a centre that auctions, one that bids, every interleaving', async () => {
    const auctions = {
      centres: {
        london: { auctions: true },
        paris: { mode: 'overflow', bids: true, agents: [{ id: 'a1', skills: { billing: 5 } }] },
      },
      arrivals: [{ centre: 'london', id: 'c1', skillset: 'billing' }],
      auction: { deadlineMs: 1_000, awardMs: 1_000, retryMs: null },
      horizonMs: 10_000,
    };
    await writeFile(file('auctions.json'), JSON.stringify(auctions));
    const { out, exitCode } = await runCli(['check', file('auctions.json'), '--json']);
    expect(exitCode).toBe(ExitCode.ok);
    expect(JSON.parse(out)).toMatchObject({ verdict: 'holds' });
    await writeFile(file('bad-auction.json'), JSON.stringify({ ...auctions, auction: { deadlineMs: 0, retryMs: 'soon' } }));
    const bad = await runCli(['check', file('bad-auction.json')]);
    expect(bad.exitCode).toBe(ExitCode.usage);
    expect(bad.err).toMatch(/auction\.deadlineMs/);
    expect(bad.err).toMatch(/auction\.retryMs/);
  });

  it('says plainly when a bound stopped it, and prints the result as JSON', async () => {
    await writeFile(file('net.json'), JSON.stringify(network));
    const bounded = await runCli(['check', file('net.json'), '--max-states', '20']);
    expect(bounded.out).toMatch(/NOT exhaustive: the states bound was reached/);
    const json = await runCli(['check', file('net.json'), '--max-states', '20', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ exhaustive: false, verdict: 'bounded', bound: 'states', states: 20, violations: [] });
  });

  it('names every bad field of the file, and every bad flag, with exit code 2', async () => {
    await writeFile(
      file('bad.json'),
      JSON.stringify({
        centres: { london: { mode: 'everywhere' } },
        arrivals: [{ centre: 'rome', id: 'c1', skillset: 'billing' }],
        faults: { drops: -1 },
      }),
    );
    const bad = await runCli(['check', file('bad.json')]);
    expect(bad.exitCode).toBe(ExitCode.usage);
    expect(bad.err).toMatch(/centres\.london\.mode: .*got "everywhere"/);
    expect(bad.err).toMatch(/faults\.drops: /);
    await writeFile(file('rome.json'), JSON.stringify({ ...network, arrivals: [{ centre: 'rome', id: 'c1', skillset: 'billing' }] }));
    expect((await runCli(['check', file('rome.json')])).err).toMatch(
      /arrivals\.0\.centre: no centre "rome" in centres \(known: london, paris\)/,
    );
    const flag = await runCli(['check', file('net.json'), '--search', 'sideways']);
    expect(flag.exitCode).toBe(ExitCode.usage);
    expect(flag.err).toMatch(/The search is bfs or dfs/);
    expect((await runCli(['check', file('missing.json')])).err).toMatch(/cannot read the file: ENOENT/);
  });
});

describe('contactmesh check on a network where an invariant breaks', { timeout: 120_000 }, () => {
  it('prints the shortest counterexample as a story, writes it for replay, and exits 1', async () => {
    // Two callers and Paris's one agent, checked with an agent machine that grants a lease while it works.
    const race = { ...network, arrivals: [...network.arrivals, { centre: 'paris', id: 'c2', skillset: 'billing' }] };
    await writeFile(file('race.json'), JSON.stringify(race));
    const agent = agentMachine.provide({ guards: { canReserve: ({ event }) => event.type === 'reserve.request' } });
    const { out, err, exitCode } = await runCli(['check', file('race.json'), '--out', file('story.json')], { checkMachines: { agent } });
    expect(exitCode).toBe(ExitCode.failure);
    expect(out).toMatch(/^1\. /m);
    expect(out).toMatch(/VIOLATED — agent capacity \(invariant 1\): paris\/agent\/a1 holds 2 voice contacts/);
    expect(err).toMatch(/counterexample written to .*story\.json/);
    const saved = JSON.parse(await readFile(file('story.json'), 'utf8'));
    expect(saved).toMatchObject({ property: 'agent capacity (invariant 1)' });
    expect(saved.choices.length).toBe(saved.story.length);
    // The real machines keep the invariant on the same network.
    expect((await runCli(['check', file('race.json')])).exitCode).toBe(ExitCode.ok);
    // Replayed in real centres, the story is followed up to the mutant's own step, then left:
    // the production agent does not grant a lease while it works.
    const replayed = await runCli(['check', file('race.json'), '--replay', file('story.json')], { checkMachines: { agent } });
    expect(replayed.exitCode).toBe(ExitCode.ok);
    expect(replayed.out).toMatch(/^1\. /m);
    expect(replayed.out).toMatch(
      /the runtime left the story at step \d+: paris\/agent\/a1 is \{"ready":"reserved"\} in the checker, \{"ready":"free"\} in the runtime/,
    );
    await writeFile(file('bad-story.json'), JSON.stringify({ choices: [{ kind: 'teleport' }] }));
    const bad = await runCli(['check', file('race.json'), '--replay', file('bad-story.json')]);
    expect(bad.exitCode).toBe(ExitCode.usage);
    expect(bad.err).toMatch(/choices\.0/);
  });
});

describe('contactmesh check --walks', { timeout: 120_000 }, () => {
  const busy = {
    centres: {
      london: { agents: ['l1', 'l2'].map((id) => ({ id, skills: { billing: 5 } })) },
      paris: { agents: ['p1', 'p2'].map((id) => ({ id, skills: { billing: 5 } })) },
      rome: { agents: [{ id: 'r1', skills: { billing: 5 } }] },
    },
    arrivals: ['london', 'paris', 'rome', 'london', 'paris', 'london'].map((centre, i) => ({
      centre,
      id: `c${i + 1}`,
      skillset: 'billing',
    })),
    ordering: 'unordered',
    faults: { drops: 3, duplicates: 3 },
    answers: 'any',
    horizonMs: 60_000,
  };

  it('runs the built-in scenarios by name, lists them, and prints the result as one JSON object', async () => {
    const list = await runCli(['check', '--scenario', 'list']);
    expect(list.exitCode).toBe(ExitCode.ok);
    for (const name of ['two-centres-reservation', 'auction-three-bidders', 'handover-with-crash', 'status-commands-race'])
      expect(list.out).toMatch(new RegExp(`^${name}$`, 'm'));
    const { out, err, exitCode } = await runCli(['check', '--scenario', 'status-commands-race', '--dfs', '--max-depth', '200', '--json']);
    expect(exitCode).toBe(ExitCode.ok);
    const result = JSON.parse(out);
    expect(result).toMatchObject({ exhaustive: true, verdict: 'holds', violations: [] });
    expect(result.states).toBeGreaterThan(10_000);
    expect(result.transitions).toBeGreaterThan(result.states);
    expect(result.maxDepth).toBeGreaterThan(10);
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.statesPerSecond).toBe(Math.round(result.states / result.seconds));
    // The progress line, every 10,000 worlds.
    expect(err).toMatch(/10,000 worlds, [\d,]+ to go, depth \d+/);
  });

  it('says what is wrong with the way it was asked, with exit code 2', async () => {
    const unknown = await runCli(['check', '--scenario', 'three-centres-nonsense']);
    expect(unknown.exitCode).toBe(ExitCode.usage);
    expect(unknown.err).toMatch(/no built-in scenario "three-centres-nonsense" \(built in: two-centres-reservation, /);
    await writeFile(file('net.json'), JSON.stringify(network));
    const both = await runCli(['check', file('net.json'), '--scenario', 'handover-with-crash']);
    expect(both.exitCode).toBe(ExitCode.usage);
    expect(both.err).toMatch(/not both/);
    expect((await runCli(['check'])).err).toMatch(/give a network file or --scenario NAME/);
    expect((await runCli(['check', file('net.json'), '--bfs', '--dfs'])).exitCode).toBe(ExitCode.usage);
  });

  it('a counterexample in JSON carries its trace and its steps, and exit code 1', async () => {
    // The agent that takes the call without telling the contact: two contacts with one agent.
    const agent = agentMachine.provide({ actions: { answer: () => {} } });
    const race = { ...network, arrivals: [...network.arrivals, { centre: 'paris', id: 'c2', skillset: 'billing' }] };
    await writeFile(file('race-json.json'), JSON.stringify(race));
    const { out, exitCode } = await runCli(['check', file('race-json.json'), '--json'], { checkMachines: { agent } });
    expect(exitCode).toBe(ExitCode.failure);
    const [violation] = JSON.parse(out).violations;
    expect(violation.property).toMatch(/invariant/);
    expect(violation.trace[0]).toMatch(/^1\. /);
    expect(violation.choices.length).toBe(violation.trace.length);
  });

  it('samples a network too big to explore with seeded walks, and names the seed that breaks an invariant', async () => {
    await writeFile(file('busy.json'), JSON.stringify(busy));
    const real = await runCli(['check', file('busy.json'), '--walks', '20', '--steps', '400']);
    expect(real.exitCode).toBe(ExitCode.ok);
    expect(real.out).toMatch(/^no walk broke an invariant \(a sample, not a proof\): 20 walks, [\d,]+ steps/m);
    // A contact that takes a refused handover for an accepted one loses contacts.
    const careless = contactMachine.provide({ guards: { handoverAccepted: () => true } });
    const broken = await runCli(['check', file('busy.json'), '--walks', '100', '--steps', '400'], { checkMachines: { contact: careless } });
    expect(broken.exitCode).toBe(ExitCode.failure);
    const seed = /seed (\d+) \(walk it again: --seeds 1 --seed \1\)/.exec(broken.out)?.[1];
    expect(seed).toBeDefined();
    // That seed alone walks the same way again.
    const again = await runCli(['check', file('busy.json'), '--seeds', '1', '--steps', '400', '--seed', seed ?? ''], {
      checkMachines: { contact: careless },
    });
    expect(again.out).toBe(broken.out);
  });
});
