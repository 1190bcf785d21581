import { createWebSocketTransport } from '@contactmesh/transports/websocket';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { buildProgram, ExitCode } from '../../src/index.js';
import { pressableWall } from '../pressable-wall.js';
import { runCli } from '../run-cli.js';

/** Resolves with what `check` returns once it returns something, re-checking on each turn of the event loop (bounded). */
async function eventually<T>(check: () => T | undefined): Promise<T> {
  for (let i = 0; i < 10_000; i++) {
    const value = check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('gave up waiting');
}

/** Starts `contactmesh relay …args`; its output as it comes, the URL it listens on, and Ctrl-C. */
async function startRelay(args: readonly string[], env: Record<string, string> = {}) {
  const { wall, press } = pressableWall();
  const out: string[] = [];
  const running = buildProgram({ out: (t) => out.push(t), err: (t) => out.push(t) }, { wall, env }).parseAsync([
    'node',
    'contactmesh',
    'relay',
    ...args,
  ]);
  const url = await eventually(() => out.join('\n').match(/relay listening on (ws:\/\/\S+)/)?.[1]);
  const stop = async () => {
    press();
    await running;
  };
  return { url, out, stop };
}

describe('contactmesh relay', () => {
  it('runs a relay that participants connect to and publish through, until Ctrl-C, then reports what it carried', async () => {
    const relay = await startRelay(['--port', '0']);
    const a = createWebSocketTransport({ url: relay.url, id: 'london' });
    const b = createWebSocketTransport({ url: relay.url, id: 'paris' });
    await a.connect();
    await b.connect();
    const received = firstValueFrom(b.subscribe('cm/demo/hello'));
    await b.subscribed();
    await a.publish('cm/demo/hello', new TextEncoder().encode('bonjour'), { qos: 1 });
    expect(new TextDecoder().decode((await received).payload)).toBe('bonjour');
    await a.close();
    await b.close();
    await relay.stop();
    expect(relay.out.join('\n')).toMatch(/relay stopped: \{.*"published":1/);
  });

  it('asks for the token from the named environment variable, and refuses a participant without it', async () => {
    const relay = await startRelay(['--port', '0', '--token-env', 'RELAY_TOKEN'], { RELAY_TOKEN: 'a-long-enough-secret-token' });
    expect(relay.out.join('\n')).toMatch(/token required/);
    const stranger = createWebSocketTransport({ url: relay.url, id: 'stranger', reconnect: false });
    await expect(stranger.connect()).rejects.toThrow();
    const member = createWebSocketTransport({
      url: relay.url,
      id: 'member',
      headers: { authorization: 'Bearer a-long-enough-secret-token' },
    });
    await member.connect();
    await member.close();
    await relay.stop();
  });

  it('limits each participant to --max-rate publications a second, refusing the excess with CM_ERR_QUEUE_FULL', async () => {
    const relay = await startRelay(['--port', '0', '--max-rate', '2']);
    const noisy = createWebSocketTransport({ url: relay.url, id: 'noisy' });
    await noisy.connect();
    // A burst of twice the rate passes; the rest of ten at once is refused.
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => noisy.publish('cm/demo/noise', 'x', { qos: 1 })));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    expect(refused).toHaveLength(6);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'CM_ERR_QUEUE_FULL' });
    await noisy.close();
    await relay.stop();
  });

  it('holds --max-connections connections at once: one more is turned away', async () => {
    const relay = await startRelay(['--port', '0', '--max-connections', '1']);
    const first = createWebSocketTransport({ url: relay.url, id: 'first', reconnect: false });
    await first.connect();
    const second = createWebSocketTransport({ url: relay.url, id: 'second', reconnect: false });
    await expect(second.connect()).rejects.toMatchObject({ code: expect.stringMatching(/^CM_ERR_/) });
    await first.close();
    await second.close();
    await relay.stop();
  });

  it('refuses bad flags with the usage exit code and a message saying what to pass', async () => {
    for (const [args, message] of [
      [['--port', '70000'], /port must be a whole number from 0 to 65535/],
      [['--allow-origin', 'https://a.example/path'], /scheme, host and port only/],
      [['--token-env', 'not a name'], /names an environment variable/],
      [['--max-payload', '12'], /from 1024 to 16777216/],
      [['--max-rate', '-1'], /from 0 \(no limit\) to 1000000/],
      [['--max-connections', '0'], /--max-connections takes a whole number from 1 to 1000000/],
      [['--handshake-seconds', 'soon'], /--handshake-seconds takes a whole number from 1 to 3600/],
    ] as const) {
      const { err, exitCode } = await runCli(['relay', ...args]);
      expect(exitCode).toBe(ExitCode.usage);
      expect(err).toMatch(message);
    }
  });
});
