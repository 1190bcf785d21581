import type { MetricsSnapshot } from '@contactmesh/core';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/index.js';
import { fakeWall } from '../fake-wall.js';
import { runCli } from '../run-cli.js';

describe('contactmesh demo', () => {
  it('prints the final metrics as JSON after the simulated duration, keeping stdout for the JSON alone', async () => {
    const { out, err, exitCode } = await runCli(['demo', '--single', '--duration', '600', '--json', '--speed', '1000'], {
      wall: fakeWall(),
    });
    expect(exitCode).toBe(ExitCode.ok);
    const metrics = JSON.parse(out) as MetricsSnapshot;
    expect(metrics.at).toBe(600_000);
    expect(metrics.centre.centre).toBe('london');
    expect(metrics.centre.agents.loggedIn).toBe(12);
    expect(metrics.centre.cumulative.offered).toBeGreaterThan(0);
    expect(err).toMatch(/one contact centre/);
  });

  it('describes the centre, shows a live summary about once a real second, and ends with a summary table', async () => {
    const wall = fakeWall();
    const { out, exitCode } = await runCli(['demo', '--single', '--duration', '300', '--speed', '60', '--seed', '3'], { wall });
    expect(exitCode).toBe(ExitCode.ok);
    expect(out).toMatch(/centre london \(network demo, memory transport\): 12 agents/);
    expect(out).toMatch(/seed 3, speed 60×/);
    // 300 simulated seconds at 60× are 5 real seconds: a line a second.
    const live = out.split('\n').filter((line) => /^\d\d:\d\d:\d\d {2}waiting billing \d+ · sales \d+ · support \d+ \| agents/.test(line));
    expect(live).toHaveLength(5);
    expect(live[0]).toMatch(/^00:01:00 /);
    expect(out).toMatch(
      /Final summary after 00:05:00 of simulated time:\n\s+offered\s+answered\s+handled\s+abandoned\s+SL\s+ASA\s+AHT\nbilling/,
    );
    expect(wall.sleeps()).toBe(50);
  });

  it('stops cleanly when interrupted and still prints the final summary', async () => {
    const { out, exitCode } = await runCli(['demo', '--single', '--speed', '100'], { wall: fakeWall(30) });
    expect(exitCode).toBe(ExitCode.ok);
    expect(out).toMatch(/Ctrl-C stops it/);
    expect(out).toMatch(/Final summary after 00:05:00 of simulated time/);
  });

  it('gives the same final metrics for the same seed, however fast it runs', async () => {
    const slow = await runCli(['demo', '--single', '--duration', '900', '--json', '--speed', '50', '--seed', '9'], { wall: fakeWall() });
    const fast = await runCli(['demo', '--single', '--duration', '900', '--json', '--speed', '9000', '--seed', '9'], { wall: fakeWall() });
    expect(JSON.parse(fast.out)).toEqual(JSON.parse(slow.out));
  });

  it.each([
    [['--speed', '-1'], /speed must be a number above 0/],
    [['--speed', '0'], /speed must be a number above 0/],
    [['--speed', 'fast'], /speed must be a number above 0/],
    [['--seed', '-3'], /seed must be a whole number/],
    [['--seed', '1.5'], /seed must be a whole number/],
    [['--duration', '0'], /duration must be a number of simulated seconds above 0/],
    [['--duration', 'Infinity'], /duration must be a number of simulated seconds above 0/],
    [['--colour'], /unknown option/],
  ])('refuses %j with the usage exit code and says what is wrong', async (args, message) => {
    const { err, exitCode } = await runCli(['demo', '--single', ...args], { wall: fakeWall() });
    expect(exitCode).toBe(ExitCode.usage);
    expect(err).toMatch(message);
  });
});
