import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedBroker } from '@contactmesh/transports/mqtt';
import { createRelay } from '@contactmesh/transports/websocket';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeTestCertificates } from '../../../transports/test/support/test-certificates.js';
import { loadCentreConfig, maxConfigBytes, parseCentreConfig } from '../../src/centre/centre-config.js';
import { parseCentreId, parseTransportUrl } from '../../src/centre/centre-options.js';
import { lineSplitter, parseControlLine } from '../../src/centre/control.js';
import { transportFor } from '../../src/centre/transport-for.js';
import { runCli } from '../run-cli.js';

const agent = { id: 'a1', skills: { billing: 5 } };

describe('the config file of contactmesh centre', () => {
  it('accepts a full config and names the first bad field of a broken one', () => {
    const full = {
      network: 'acme',
      agents: [{ ...agent, displayName: 'Ada', capacity: { voice: 1, chat: 3 }, languages: ['en'], state: 'notReady' }],
      answer: { minDelaySeconds: 1, maxDelaySeconds: 3, missChance: 0.1, offerTimeoutSeconds: 20 },
      wrapUpSeconds: 10,
      forwardedTalkSeconds: 120,
      traffic: [{ skillset: 'billing', arrivalsPerHour: 60, meanHandleSeconds: 180, meanPatienceSeconds: 90, media: 'chat' }],
      mode: { kind: 'overflow', afterWaitMs: 30_000 },
      queueModes: { vip: { kind: 'local' } },
      policies: {
        router: { agentPolicy: 'mostProficient' },
        agent: { offerTimeoutMs: 15_000 },
        contact: { maxWaitMs: null, resyncMs: 5_000 },
      },
      transport: { keepaliveSeconds: 5, usernameEnv: 'MQTT_USER', passwordEnv: 'MQTT_PASSWORD' },
    };
    expect(parseCentreConfig(full, 'c.json')).toEqual(full);
    // A centre your ACD drives needs no file at all, and an empty one is a config.
    expect(parseCentreConfig({}, 'c.json')).toEqual({});
    const bad: [unknown, RegExp][] = [
      [{ agents: {} }, /c\.json: Invalid config at agents: /],
      [{ agents: [{ id: 'a1', skills: { billing: 11 } }] }, /at agents\.0\.skills\.billing: expected an integer from 1 to 10, got 11/],
      [{ agents: [agent], polices: {} }, /unknown field "polices"/],
      [{ agents: [agent], policies: { contact: { resyncMS: 1 } } }, /at policies\.contact: unknown field "resyncMS"/],
      [{ agents: [agent, agent] }, /agent id "a1" appears twice/],
      [
        { agents: [agent], answer: { minDelaySeconds: 5, maxDelaySeconds: 1 } },
        /maxDelaySeconds \(1\) is below answer\.minDelaySeconds \(5\)/,
      ],
      [{ agents: [agent], mode: { kind: 'everywhere' } }, /at mode/],
      [{ agents: [agent], transport: { tokenEnv: 'has space' } }, /at transport\.tokenEnv: expected an environment variable name/],
      [[agent], /expected an object/],
    ];
    for (const [config, message] of bad) expect(() => parseCentreConfig(config, 'c.json')).toThrow(message);
  });

  it('refuses a missing file, a file over the limit and one that is not JSON, naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cm-config-'));
    const big = join(dir, 'big.json');
    await writeFile(big, ' '.repeat(maxConfigBytes + 1));
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "agents": [ ');
    await expect(loadCentreConfig(join(dir, 'missing.json'))).rejects.toThrow(/Cannot read the config file .*missing\.json: ENOENT/);
    await expect(loadCentreConfig(big)).rejects.toThrow(
      `big.json: the config file is ${maxConfigBytes + 1} bytes; at most ${maxConfigBytes}`,
    );
    await expect(loadCentreConfig(broken)).rejects.toThrow(/broken\.json: not valid JSON/);
  });
});

describe('the control channel of contactmesh centre', () => {
  it('decodes every op and refuses unknown ops, unknown fields and bad values with a code', () => {
    expect(parseControlLine('{"op":"arrive","skillset":"billing","talkSeconds":30,"ref":"x"}')).toEqual({
      ok: true,
      command: { op: 'arrive', skillset: 'billing', talkSeconds: 30, ref: 'x' },
    });
    expect(parseControlLine('{"op":"notReady","agent":"a1","reason":"lunch"}')).toMatchObject({ ok: true });
    expect(parseControlLine('{"op":"snapshot"}')).toMatchObject({ ok: true });
    expect(parseControlLine('{"op":"dance","ref":"r9"}')).toEqual({
      ok: false,
      code: 'CM_ERR_INVALID_MESSAGE',
      error: expect.stringMatching(/unknown op "dance" \(known: arrive, end, abandon/),
      ref: 'r9',
    });
    expect(parseControlLine('{"op":"arrive","skillset":"Billing!"}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/at skillset/),
    });
    expect(parseControlLine('{"op":"end","contact":"c1","force":true}')).toMatchObject({
      error: expect.stringMatching(/unknown field "force"/),
    });
    expect(parseControlLine('{"op":')).toMatchObject({ ok: false, code: 'CM_ERR_MALFORMED_JSON' });
    expect(parseControlLine('42')).toMatchObject({ ok: false, code: 'CM_ERR_INVALID_MESSAGE' });
  });

  it('never throws, whatever the line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ op: 'arrive', ...Object(v) })),
        ),
        (line) => {
          const parsed = parseControlLine(line);
          expect(typeof parsed.ok).toBe('boolean');
        },
      ),
    );
  });

  it('splits a stream into the same lines however it is cut, and drops over-long lines whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z {}":]{0,40}$/), { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 20 }),
        (lines, cuts) => {
          const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''));
          const got: string[] = [];
          const tooLong: number[] = [];
          const split = lineSplitter(
            20,
            (l) => got.push(l),
            (n) => tooLong.push(n),
          );
          let at = 0;
          for (let i = 0; at < bytes.length; i++) {
            const size = cuts[i % cuts.length] as number;
            split(bytes.subarray(at, at + size));
            at += size;
          }
          const kept = lines
            .filter((l) => Buffer.byteLength(l) <= 20)
            .map((l) => l.trim())
            .filter((l) => l !== '');
          expect(got).toEqual(kept);
          expect(tooLong.length).toBe(lines.filter((l) => Buffer.byteLength(l) > 20).length);
        },
      ),
    );
  });
});

describe('the flags of contactmesh centre', () => {
  it('checks ids and transport URLs', () => {
    expect(parseCentreId('north-2')).toBe('north-2');
    expect(() => parseCentreId('North')).toThrow(/a-z, 0-9 and -/);
    expect(parseTransportUrl('mqtts://broker.example:8883')).toBe('mqtts://broker.example:8883');
    expect(() => parseTransportUrl('http://x')).toThrow(/mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\//);
    expect(() => parseTransportUrl('nonsense')).toThrow(/--transport/);
  });

  it('exits with the usage code for a missing or bad flag', async () => {
    expect((await runCli(['centre', '--id', 'north', '--config', 'x.json'])).exitCode).toBe(2);
    const bad = await runCli(['centre', '--id', 'North', '--transport', 'mqtt://127.0.0.1:1883', '--config', 'x.json']);
    expect(bad.exitCode).toBe(2);
    expect(bad.err).toMatch(/a-z, 0-9 and -/);
  });

  it('makes the transport the URL names, with secrets from the environment only', () => {
    expect(transportFor('mqtt://127.0.0.1:1', 'north').guarantees.name).toBe('mqtt');
    expect(transportFor('ws://127.0.0.1:1/', 'north').guarantees.name).toBe('websocket');
    expect(() => transportFor('mqtt://127.0.0.1:1', 'north', { usernameEnv: 'MQTT_USER' }, {})).toThrow(
      'transport.usernameEnv names the environment variable MQTT_USER, which is not set.',
    );
    expect(() => transportFor('ws://127.0.0.1:1/', 'north', { keepaliveSeconds: 5 })).toThrow(/keepaliveSeconds is for an MQTT broker/);
    expect(() => transportFor('mqtt://127.0.0.1:1', 'north', { tokenEnv: 'T' })).toThrow(/tokenEnv is for a ws/);
    expect(() => transportFor('tcp://127.0.0.1:1', 'north')).toThrow(/--transport must be/);
  });

  it('reads TLS material from the files the config names: a private CA makes an mqtts:// broker trusted', async () => {
    const certificates = makeTestCertificates();
    const dir = await mkdtemp(join(tmpdir(), 'cm-centre-tls-'));
    const caFile = join(dir, 'ca.pem');
    await writeFile(caFile, certificates.ca);
    const broker = await startEmbeddedBroker({ tls: { cert: certificates.cert, key: certificates.key } });
    try {
      const url = `mqtts://localhost:${broker.port}`;
      const trusting = transportFor(url, 'north', { caFile });
      await trusting.connect();
      expect(trusting.state).toBe('connected');
      await trusting.close();
      const untrusting = transportFor(url, 'south');
      await expect(untrusting.connect()).rejects.toMatchObject({ message: expect.stringMatching(/certificate/) });
    } finally {
      await broker.close();
    }
    expect(() => transportFor('mqtt://127.0.0.1:1', 'north', { caFile })).toThrow(/for an mqtts:\/\/ broker or a wss:\/\/ relay/);
    expect(() => transportFor('mqtts://127.0.0.1:1', 'north', { certFile: caFile })).toThrow(/certFile and transport.keyFile go together/);
    expect(() => transportFor('wss://127.0.0.1:1/', 'north', { caFile: join(dir, 'missing.pem') })).toThrow(
      /transport.caFile: cannot read .*missing.pem \(ENOENT\)/,
    );
  });

  it('gives a wss:// relay that asks for client certificates the centre’s own (certFile, keyFile): mutual TLS', async () => {
    const certificates = makeTestCertificates();
    const dir = await mkdtemp(join(tmpdir(), 'cm-centre-mtls-'));
    const files = { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'north.pem'), keyFile: join(dir, 'north.key') };
    await writeFile(files.caFile, certificates.ca);
    await writeFile(files.certFile, certificates.cert);
    await writeFile(files.keyFile, certificates.key);
    // The relay's server takes only clients whose certificate the same CA signed.
    const server = createServer({
      cert: certificates.cert,
      key: certificates.key,
      ca: certificates.ca,
      requestCert: true,
      rejectUnauthorized: true,
    });
    const relay = await createRelay({ server });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `wss://localhost:${(server.address() as AddressInfo).port}/`;
    try {
      const withCertificate = transportFor(url, 'north', files);
      await withCertificate.connect();
      expect(withCertificate.state).toBe('connected');
      await withCertificate.close();
      const without = transportFor(url, 'south', { caFile: files.caFile });
      await expect(without.connect()).rejects.toMatchObject({ code: 'CM_ERR_TRANSPORT_CLOSED' });
      await without.close();
    } finally {
      await relay.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
