import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption of cookie values: AES-256-GCM with a key derived (HKDF-SHA256) from
 * the cookie secret and the cookie's purpose, so each cookie has its own key and a value sealed
 * for one cookie never opens as another (the purpose is also the additional authenticated
 * data). A sealed value reveals nothing of its content and any change to it is detected, so a
 * server log that records cookies leaks no refresh token.
 *
 * Format: base64url(version byte 1 ‖ 12-byte IV ‖ ciphertext ‖ 16-byte tag).
 */
export interface Sealer {
  seal(value: unknown, ttlSeconds: number): string;
  /** The value, or undefined when the input is not a sealed value of this purpose, was altered or has expired. */
  open(sealed: string | undefined): unknown;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SALT = 'entra-guard orders-api web cookies';

interface Envelope {
  readonly v: unknown;
  /** Expiry, seconds since the epoch. */
  readonly e: number;
}

export function createSealer(secret: string, purpose: string, now: () => number = Date.now): Sealer {
  const key = Buffer.from(hkdfSync('sha256', secret, SALT, `cookie:${purpose}`, 32));
  const aad = Buffer.from(`${purpose}|v${VERSION}`);
  return {
    seal(value, ttlSeconds) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad);
      const envelope: Envelope = { v: value, e: Math.floor(now() / 1000) + ttlSeconds };
      const body = Buffer.concat([cipher.update(JSON.stringify(envelope), 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]).toString('base64url');
    },
    open(sealed) {
      if (sealed === undefined || sealed.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(sealed)) return undefined;
      const raw = Buffer.from(sealed, 'base64url');
      if (raw.length < 1 + IV_BYTES + TAG_BYTES + 1 || raw[0] !== VERSION) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(1, 1 + IV_BYTES));
        decipher.setAAD(aad);
        decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
        const text = Buffer.concat([decipher.update(raw.subarray(1 + IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
        const envelope = JSON.parse(text) as Partial<Envelope>;
        if (typeof envelope.e !== 'number' || envelope.e <= Math.floor(now() / 1000)) return undefined;
        return envelope.v;
      } catch {
        return undefined;
      }
    },
  };
}
