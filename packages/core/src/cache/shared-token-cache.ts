import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../principal/principal.js';
import { principalFromJson, principalToJson } from '../principal/serialize.js';

/**
 * A cache shared by every instance of an API (Redis, for example). Values are opaque strings;
 * entra-guard signs them, so whoever can write to the store cannot forge a principal.
 */
export interface SharedTokenCache {
  get(key: string): Promise<string | undefined> | string | undefined;
  set(key: string, value: string, ttlMs: number): Promise<void> | void;
}

/** Options of the shared layer of the validated-token cache. */
export interface SharedTokenCacheOptions {
  readonly store: SharedTokenCache;
  /** HMAC key (32+ characters) every instance shares; entries not signed with it are ignored. */
  readonly secret: string;
  /** Longest wait for the store before validating locally, ms. Default 50. */
  readonly timeoutMs?: number;
}

interface Envelope {
  readonly p: unknown;
  readonly k: string;
}

/** Signs and verifies shared entries; a wrong or missing signature reads as a miss. */
export class SignedSharedCache {
  readonly #options: SharedTokenCacheOptions;
  readonly #timeoutMs: number;

  constructor(options: SharedTokenCacheOptions) {
    if (typeof options.store?.get !== 'function' || typeof options.store.set !== 'function') {
      throw new TypeError('"tokenCache.shared.store" must have get and set methods');
    }
    if (typeof options.secret !== 'string' || options.secret.length < 32) {
      throw new TypeError('"tokenCache.shared.secret" must be at least 32 characters');
    }
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? 50;
  }

  #mac(key: string, body: string): Buffer {
    return createHmac('sha256', this.#options.secret).update(key).update('\n').update(body).digest();
  }

  /** The entry for `key`, if present and signed by this deployment; store errors read as a miss. */
  async get(key: string): Promise<{ principal: Principal; keyId: string } | undefined> {
    let raw: string | undefined;
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), this.#timeoutMs);
      });
      raw = await Promise.race([Promise.resolve(this.#options.store.get(key)), timeout]).finally(() => clearTimeout(timer));
    } catch {
      return undefined;
    }
    if (typeof raw !== 'string') return undefined;
    const dot = raw.indexOf('.');
    if (dot < 0) return undefined;
    const mac = Buffer.from(raw.slice(0, dot), 'base64url');
    const body = raw.slice(dot + 1);
    const expected = this.#mac(key, body);
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return undefined;
    try {
      const envelope = JSON.parse(body) as Envelope;
      return { principal: principalFromJson(envelope.p), keyId: envelope.k };
    } catch {
      return undefined;
    }
  }

  /** Stores an entry; failures are ignored (the next instance validates the token itself). */
  set(key: string, principal: Principal, keyId: string, ttlMs: number): void {
    const body = JSON.stringify({ p: principalToJson(principal), k: keyId } satisfies Envelope);
    const value = `${this.#mac(key, body).toString('base64url')}.${body}`;
    try {
      void Promise.resolve(this.#options.store.set(key, value, ttlMs)).catch(() => undefined);
    } catch {
      // a synchronous throw from the store is a miss for the next instance, nothing more
    }
  }
}
