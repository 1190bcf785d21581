import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What the page shows after a form command: accepted, or the reason it was refused. */
export interface Flash {
  readonly accepted: boolean;
  readonly text: string;
}

/**
 * Signs the outcome of a form command into the redirect URL (redirect-after-post, with no state
 * kept on the gateway): only this gateway (or one sharing its secret) can make a page show a
 * message, so a crafted link cannot put words on it.
 */
export class FlashSigner {
  readonly #secret: Buffer;

  constructor(secret?: string) {
    this.#secret = secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8');
  }

  sign(token: string, flash: Flash): string {
    const payload = Buffer.from(JSON.stringify([flash.accepted ? 1 : 0, flash.text.slice(0, 300)]), 'utf8').toString('base64url');
    return `${payload}.${this.#mac(token, payload)}`;
  }

  /** The flash, or `undefined` when the value is missing, malformed or not signed by us for this token. */
  verify(token: string, value: string | null): Flash | undefined {
    if (value === null || value.length > 1_000) return undefined;
    const [payload, mac] = value.split('.');
    if (payload === undefined || mac === undefined) return undefined;
    const expected = Buffer.from(this.#mac(token, payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const [accepted, text] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [unknown, unknown];
      return typeof text === 'string' ? { accepted: accepted === 1, text } : undefined;
    } catch {
      return undefined;
    }
  }

  #mac(token: string, payload: string): string {
    return createHmac('sha256', this.#secret).update(token).update('.').update(payload).digest('base64url');
  }
}
