import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Principal } from '../principal/principal.js';

/** Options of the validated-token cache. */
export interface TokenCacheOptions {
  /** Most entries held. Default 10 000. */
  readonly maxEntries?: number;
}

interface Entry {
  readonly principal: Principal;
  readonly keyId: string;
}

/**
 * Principals of tokens that passed every check, keyed by SHA-256 of the validator profile and
 * the token, so a token valid for one API is never a hit for another. An entry never outlives
 * its token's `exp` (plus skew), and is dropped when its signing key is no longer held.
 */
export class ValidatedTokenCache {
  readonly #entries: LRUCache<string, Entry>;
  readonly #profile: string;
  readonly #skewSeconds: number;

  constructor(profile: string, skewSeconds: number, options: TokenCacheOptions = {}) {
    const max = options.maxEntries ?? 10_000;
    if (!Number.isInteger(max) || max < 1) throw new TypeError('"tokenCache.maxEntries" must be a positive integer');
    this.#entries = new LRUCache({ max, ttlAutopurge: false });
    this.#profile = profile;
    this.#skewSeconds = skewSeconds;
  }

  #key(token: string): string {
    return createHash('sha256').update(this.#profile).update('\n').update(token).digest('base64url');
  }

  /** The cached principal if the token is still within its lifetime and its key is still held. */
  get(token: string, nowMs: number, keyHeld: (keyId: string) => boolean): Principal | undefined {
    const key = this.#key(token);
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (nowMs / 1000 >= entry.principal.expiresAt + this.#skewSeconds || !keyHeld(entry.keyId)) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.principal;
  }

  set(token: string, principal: Principal, keyId: string, nowMs: number): void {
    const ttl = Math.floor((principal.expiresAt + this.#skewSeconds) * 1000 - nowMs);
    if (ttl <= 0) return;
    this.#entries.set(this.#key(token), { principal, keyId }, { ttl });
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}
