import { readFileSync } from 'node:fs';
import type { Transport } from '@contactmesh/core';
import { createMqttTransport } from '@contactmesh/transports/mqtt';
import { createWebSocketTransport } from '@contactmesh/transports/websocket';
import type { CentreConfig } from './centre-config.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The transport behind `--transport URL`: `mqtt://` and `mqtts://` connect to a broker,
 * `ws://` and `wss://` to a relay. Secrets (broker user and password, relay token) come from the
 * environment variables the config names, never from the command line or the file; TLS material
 * (`caFile`, `certFile` with `keyFile`) from the PEM files it names, for `mqtts://` and `wss://` only.
 *
 * @example
 * ```ts
 * const transport = transportFor('mqtt://127.0.0.1:1883', 'london', { keepaliveSeconds: 5 }, process.env);
 * ```
 */
export function transportFor(url: string, participantId: string, settings: CentreConfig['transport'] = {}, env: Env = {}): Transport {
  const secret = (field: string, name: string | undefined): string | undefined => {
    if (name === undefined) return undefined;
    const value = env[name];
    if (value === undefined || value === '')
      throw new Error(`transport.${field} names the environment variable ${name}, which is not set.`);
    return value;
  };
  const scheme = /^([a-z]+):\/\//.exec(url)?.[1];
  const tls = tlsFrom(settings, scheme);
  if (scheme === 'mqtt' || scheme === 'mqtts') {
    if (settings.tokenEnv !== undefined)
      throw new Error('transport.tokenEnv is for a ws:// or wss:// relay; an MQTT broker takes usernameEnv and passwordEnv.');
    const username = secret('usernameEnv', settings.usernameEnv);
    const password = secret('passwordEnv', settings.passwordEnv);
    return createMqttTransport({
      participantId,
      url,
      ...(settings.keepaliveSeconds === undefined ? {} : { keepaliveSeconds: settings.keepaliveSeconds }),
      ...(settings.clientIdPrefix === undefined ? {} : { clientIdPrefix: settings.clientIdPrefix }),
      ...(username === undefined ? {} : { username }),
      ...(password === undefined ? {} : { password }),
      ...(tls === undefined ? {} : { tls }),
    });
  }
  if (scheme === 'ws' || scheme === 'wss') {
    for (const field of ['usernameEnv', 'passwordEnv', 'keepaliveSeconds', 'clientIdPrefix'] as const) {
      if (settings[field] !== undefined) throw new Error(`transport.${field} is for an MQTT broker; a relay takes tokenEnv.`);
    }
    const token = secret('tokenEnv', settings.tokenEnv);
    return createWebSocketTransport({
      url,
      id: participantId,
      ...(token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }),
      ...(tls === undefined ? {} : { tls }),
    });
  }
  throw new Error(`--transport must be an mqtt://, mqtts://, ws:// or wss:// URL, e.g. mqtt://127.0.0.1:1883; got ${JSON.stringify(url)}.`);
}

/** The TLS material the config names, read from its files; `undefined` when it names none. */
function tlsFrom(
  settings: NonNullable<CentreConfig['transport']>,
  scheme: string | undefined,
): { ca?: string; cert?: string; key?: string } | undefined {
  const { caFile, certFile, keyFile } = settings;
  if (caFile === undefined && certFile === undefined && keyFile === undefined) return undefined;
  if (scheme !== 'mqtts' && scheme !== 'wss')
    throw new Error('transport.caFile, certFile and keyFile are for an mqtts:// broker or a wss:// relay; this URL does not use TLS.');
  if ((certFile === undefined) !== (keyFile === undefined))
    throw new Error("transport.certFile and transport.keyFile go together: the centre's certificate and its private key.");
  const read = (field: string, path: string | undefined): string | undefined => {
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`transport.${field}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
  };
  const ca = read('caFile', caFile);
  const cert = read('certFile', certFile);
  const key = read('keyFile', keyFile);
  return { ...(ca === undefined ? {} : { ca }), ...(cert === undefined ? {} : { cert }), ...(key === undefined ? {} : { key }) };
}
