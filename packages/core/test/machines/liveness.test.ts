import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { Effect } from '../../src/effects/effects.js';
import { heartbeatMachine, peerWatchMachine } from '../../src/machines/liveness/index.js';

function started(machine: typeof peerWatchMachine, input: { centre: string; silentAfterMs: number }) {
  const actor = createActor(machine, { input });
  const emitted: Effect[] = [];
  actor.on('*', (effect) => emitted.push(effect as Effect));
  actor.start();
  return { actor, emitted };
}

describe('the heartbeat machine', () => {
  it('is due again every interval: each beat starts the next timer', () => {
    const actor = createActor(heartbeatMachine, { input: { everyMs: 5_000 } });
    const emitted: Effect[] = [];
    actor.on('*', (effect) => emitted.push(effect as Effect));
    actor.start();
    actor.send({ type: 'heartbeat.due' });
    actor.send({ type: 'heartbeat.due' });
    const beat = { type: 'effect.schedule', timerId: 'beat', delayMs: 5_000, event: { type: 'heartbeat.due' } };
    expect(emitted).toEqual([beat, beat, beat]);
    expect(actor.getSnapshot().value).toBe('beating');
  });
});

describe('the peer watch machine', () => {
  const silence = (ms: number) => ({ type: 'effect.schedule', timerId: 'silence', delayMs: ms, event: { type: 'peer.silence' } });

  it('is silent once the allowance passes without a word, and speaks again at the next', () => {
    const { actor, emitted } = started(peerWatchMachine, { centre: 'paris', silentAfterMs: 15_000 });
    expect(actor.getSnapshot().value).toBe('speaking');
    actor.send({ type: 'peer.silence' });
    expect(actor.getSnapshot().value).toBe('silent');
    actor.send({ type: 'peer.heard', silentAfterMs: 15_000 });
    expect(actor.getSnapshot().value).toBe('speaking');
    expect(emitted).toEqual([silence(15_000), silence(15_000)]);
  });

  it('starts the allowance again at every word, with the latest allowance', () => {
    const { actor, emitted } = started(peerWatchMachine, { centre: 'paris', silentAfterMs: 15_000 });
    actor.send({ type: 'peer.heard', silentAfterMs: 30_000 });
    expect(emitted).toEqual([silence(15_000), silence(30_000)]);
    expect(actor.getSnapshot().context.silentAfterMs).toBe(30_000);
    expect(actor.getSnapshot().value).toBe('speaking');
  });
});
