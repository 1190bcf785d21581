import type { SecureContextOptions } from 'node:tls';
import { checkKeys, invalidOption } from './option-checks.js';

/** TLS material for an `mqtts://` broker or a `wss://` relay; anything left out comes from Node's defaults. */
export interface TlsOptions {
  /** Certificate authorities to trust instead of the system's (PEM). */
  readonly ca?: SecureContextOptions['ca'];
  /** Client certificate for mutual TLS (PEM). */
  readonly cert?: SecureContextOptions['cert'];
  /** Private key of `cert` (PEM). */
  readonly key?: SecureContextOptions['key'];
  /** Refuse a server whose certificate does not verify. Default true; turn off only for a local test server. */
  readonly rejectUnauthorized?: boolean;
}

const knownTls = ['ca', 'cert', 'key', 'rejectUnauthorized'];

/**
 * Checks `tls` (closed keys; a boolean `rejectUnauthorized`; a `cert` with its `key`), throwing
 * `CM_ERR_INVALID_OPTION` naming the bad one; `secure`: whether the URL asks for TLS at all.
 */
export function checkTls(tls: TlsOptions | undefined, secure: boolean, scheme: string): TlsOptions {
  if (tls === undefined) return {};
  checkKeys('tls', tls, knownTls);
  if (!secure) throw invalidOption('tls', 'set', `used with an ${scheme} url only`);
  if (tls.rejectUnauthorized !== undefined && typeof tls.rejectUnauthorized !== 'boolean')
    throw invalidOption('tls.rejectUnauthorized', tls.rejectUnauthorized, 'true or false');
  if ((tls.cert === undefined) !== (tls.key === undefined)) throw invalidOption('tls', 'cert without key', 'cert and key together');
  return tls;
}
