import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/index.js';
import type { ProgressSink } from '../../src/simulate/progress-printer.js';
import type { SimulationJson } from '../../src/simulate/simulation-json.js';
import { runCli } from '../run-cli.js';

// A small study (one centre, 4 agents, 60 calls an hour for an hour and a half) keeps each run
// well under a second; the queueing figures themselves are tested in erlang-c-agreement.test.ts.
const study = {
  seed: 4,
  durationSeconds: 5_400,
  warmupSeconds: 600,
  serviceLevelSeconds: 20,
  routing: 'isolated',
  centres: [{ id: 'london', agents: [{ count: 4, skills: { billing: 5 } }] }],
  traffic: [
    {
      centre: 'london',
      skillset: 'billing',
      media: 'voice',
      perHour: 60,
      handleSeconds: { mean: 180, distribution: 'exponential' },
      patienceSeconds: null,
    },
  ],
};

let dir: string;
const file = (name: string) => join(dir, name);
const sink = (isTTY: boolean): ProgressSink & { readonly text: () => string } => {
  const written: string[] = [];
  return { isTTY, write: (text) => void written.push(text), text: () => written.join('') };
};
const simulate = async (args: readonly string[], progress = sink(false)) => ({
  ...(await runCli(['simulate', ...args], { progress })),
  progress,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'contactmesh-simulate-'));
  await writeFile(file('study.json'), JSON.stringify(study));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('contactmesh simulate', () => {
  it('prints a summary table with Erlang C beside the simulated figures, and how fast it ran', async () => {
    const { out, err, exitCode } = await simulate([file('study.json')]);
    expect(exitCode).toBe(ExitCode.ok);
    expect(out).toMatch(/^Simulated 01:30:00 of isolated routing over 1 centre \(seed 4\)\./);
    expect(out).toMatch(/offered\s+answered\s+abandoned\s+SL 20 s\s+ASA\s+occupancy\s+Erlang C SL\s+Erlang C ASA\nlondon\s+\d+/);
    expect(out).toMatch(/\nnetwork\s+\d+/);
    expect(out).toMatch(/Erlang C: one M\/M\/N queue per centre \(N its agents\); 4 agents and 3 Erlangs in all\./);
    expect(err).toMatch(/simulated \d+ contacts \(\d+ s of simulated time, the drain included\) in [\d.]+ s: \d+ contacts a second/);
  });

  it('prints one JSON object with overall and per-centre figures, the same for the same seed', async () => {
    const first = await simulate([file('study.json'), '--json']);
    const again = await simulate([file('study.json'), '--json']);
    expect(first.exitCode).toBe(ExitCode.ok);
    expect(again.out).toBe(first.out);
    const json = JSON.parse(first.out) as SimulationJson;
    expect(json).toMatchObject({ seed: 4, routing: 'isolated', durationSeconds: 5_400, warmupSeconds: 600, serviceLevelSeconds: 20 });
    expect(json.erlangC).toEqual({ model: 'per-centre', agents: 4, offeredLoad: 3 });
    expect(Object.keys(json.overall).sort()).toEqual(
      [
        'abandoned',
        'answered',
        'answeredElsewhere',
        'averageSpeedOfAnswer',
        'erlangC',
        'handled',
        'occupancy',
        'offered',
        'serviceLevel',
      ].sort(),
    );
    const [london] = json.centres;
    expect(london?.centre).toBe('london');
    expect(london?.offered).toBe(json.overall.offered);
    expect(json.overall.offered).toBeGreaterThan(40);
    expect(json.overall.serviceLevel).toBeGreaterThan(0);
    expect(json.overall.serviceLevel).toBeLessThanOrEqual(1);
    expect(json.overall.occupancy).toBeGreaterThan(0.4);
    // M/M/4 offered 3 Erlangs: C = 0.509, so 1 − C·e^(−(4 − 3)·20/180) = 0.544.
    expect(json.overall.erlangC?.serviceLevel).toBeCloseTo(0.544, 3);
    expect(json.hours.map((h) => h.warmup)).toEqual([true, false]);
  });

  it("takes --seed over the file's seed: other calls, other figures", async () => {
    const base = JSON.parse((await simulate([file('study.json'), '--json'])).out) as SimulationJson;
    const other = JSON.parse((await simulate([file('study.json'), '--json', '--seed', '77'])).out) as SimulationJson;
    expect(other.seed).toBe(77);
    expect(other.overall).not.toEqual(base.overall);
  });

  it('shows progress on stderr: a line every 10 % in a log, a bar redrawn in place on a terminal', async () => {
    const log = await simulate([file('study.json'), '--json']);
    const lines = log.progress.text().trimEnd().split('\n');
    expect(lines.map((line) => line.replace(/ \(.*/, ''))).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((p) => `simulate: ${p}%`));
    expect(lines[4]).toMatch(/^simulate: 50% \(00:45:00 of 01:30:00 simulated, \d+ contacts\)$/);
    const terminal = await simulate([file('study.json'), '--json'], sink(true));
    const clearLine = '\x1b[2K';
    const frames = terminal.progress
      .text()
      .split('\r')
      .filter((frame) => frame !== '');
    expect(frames.length).toBeGreaterThanOrEqual(100);
    expect(frames.every((frame) => frame.startsWith(clearLine))).toBe(true);
    expect(frames[0]?.slice(clearLine.length)).toMatch(/^\[\.{30}\]\s+1% 00:00:54 of 01:30:00 simulated/);
    expect(frames.at(-1)?.slice(clearLine.length)).toMatch(/^\[#{30}\] 100% 01:30:00 of 01:30:00 simulated, \d+ contacts\n$/);
  });

  it('writes a self-contained HTML report: inline SVG charts, no script, nothing fetched', async () => {
    const { exitCode, err } = await simulate([file('study.json'), '--report', file('report.html')]);
    expect(exitCode).toBe(ExitCode.ok);
    expect(err).toContain(`report written to ${file('report.html')}`);
    const html = await readFile(file('report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)).toHaveLength(5);
    for (const heading of ['Service level over the day', 'Waits', 'Centres compared']) expect(html).toContain(`<h2>${heading}</h2>`);
    expect(html).toContain('Service level (answered within 20 s) by hour of arrival');
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|url\(|https?:/i);
  });

  it('routes by auction: an overloaded centre sends contacts to a quiet one, and Erlang C says why it stays out', async () => {
    const auction = {
      ...study,
      routing: 'auction',
      auction: { deadlineSeconds: 1 },
      centres: [study.centres[0], { id: 'paris', agents: [{ count: 4, skills: { billing: 5 } }] }],
      traffic: [{ ...study.traffic[0], perHour: 90 }],
    };
    await writeFile(file('auction.json'), JSON.stringify(auction));
    const { out, exitCode } = await simulate([file('auction.json'), '--json']);
    expect(exitCode).toBe(ExitCode.ok);
    const json = JSON.parse(out) as SimulationJson;
    expect(json.problems).toEqual([]);
    expect(json.centres.find((c) => c.centre === 'london')?.answeredElsewhere).toBeGreaterThan(5);
    expect(json.centres.find((c) => c.centre === 'paris')?.occupancy).toBeGreaterThan(0.05);
    expect('omitted' in json.erlangC ? json.erlangC.omitted : '').toMatch(/^auctions hold a waiting contact/);
    expect(json.overall.erlangC).toBeUndefined();
  });

  it('refuses a bad scenario with the usage exit code, naming every bad field', async () => {
    await writeFile(
      file('bad.json'),
      JSON.stringify({
        ...study,
        routing: 'everywhere',
        centres: [{ id: 'london', agents: [{ count: 4, skills: { billing: 0 } }] }],
        speed: 2,
      }),
    );
    const unknown = await simulate([file('bad.json')]);
    expect(unknown.exitCode).toBe(ExitCode.usage);
    // The typo does not hide the other bad fields.
    expect(unknown.err).toContain(`${file('bad.json')}: invalid scenario (3 problems):\n  - (the file): unknown field "speed"`);
    await writeFile(
      file('bad.json'),
      JSON.stringify({ ...study, routing: 'everywhere', centres: [{ id: 'london', agents: [{ count: 4, skills: { billing: 0 } }] }] }),
    );
    const { err, exitCode, out } = await simulate([file('bad.json')]);
    expect(exitCode).toBe(ExitCode.usage);
    expect(out).toBe('');
    expect(err).toContain('invalid scenario (2 problems):');
    expect(err).toContain('  - routing: expected isolated | network | auction, got "everywhere"');
    expect(err).toContain('  - centres.0.agents.0.skills.billing: expected an integer from 1 to 10, got 0');
  });

  it.each([
    ['a missing file', 'missing.json', undefined, /missing\.json: invalid scenario \(1 problem\):\n {2}- cannot read the file: ENOENT/],
    ['a file that is not JSON', 'broken.json', '{ "seed": ', /broken\.json: invalid scenario \(1 problem\):\n {2}- not valid JSON/],
  ])('refuses %s with the usage exit code', async (_what, name, content, message) => {
    if (content !== undefined) await writeFile(file(name), content);
    const { err, exitCode } = await simulate([file(name)]);
    expect(exitCode).toBe(ExitCode.usage);
    expect(err).toMatch(message);
  });

  it('refuses a bad --seed and a missing scenario argument', async () => {
    expect((await simulate([file('study.json'), '--seed', '-1'])).err).toMatch(/seed must be a whole number/);
    const missing = await simulate([]);
    expect(missing.exitCode).toBe(ExitCode.usage);
    expect(missing.err).toMatch(/missing required argument 'scenario'/);
  });
});
