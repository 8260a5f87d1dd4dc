import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Principal } from '../principal/principal.js';
import { SignedSharedCache, type SharedTokenCacheOptions } from './shared-token-cache.js';

/** Options of the validated-token cache. */
export interface TokenCacheOptions {
  /** Most entries held in this process. Default 10 000. */
  readonly maxEntries?: number;
  /**
   * A second layer shared by every instance (e.g. `createRedisTokenCache` from
   * @entra-guard/redis), consulted on a local miss. Entries are HMAC-signed with `secret`.
   */
  readonly shared?: SharedTokenCacheOptions;
}

interface Entry {
  readonly principal: Principal;
  readonly keyId: string;
}

/**
 * Principals of tokens that passed every check, keyed by SHA-256 of the token (and, in the shared
 * layer, the validator profile), so a token valid for one API is never a hit for another. An entry never outlives
 * its token's `exp` (plus skew), and is dropped when its signing key is no longer held.
 */
export class ValidatedTokenCache {
  readonly #entries: LRUCache<string, Entry>;
  // Names this validator profile in the shared layer, which other APIs' guards may also use.
  readonly #sharedPrefix: string;
  readonly #skewSeconds: number;
  readonly #shared: SignedSharedCache | undefined;

  constructor(profile: string, skewSeconds: number, options: TokenCacheOptions = {}) {
    const max = options.maxEntries ?? 10_000;
    if (!Number.isInteger(max) || max < 1) throw new TypeError('"tokenCache.maxEntries" must be a positive integer');
    this.#entries = new LRUCache({ max });
    this.#sharedPrefix = `${hash('sha256', profile, 'base64url').slice(0, 22)}.`;
    this.#skewSeconds = skewSeconds;
    this.#shared = options.shared === undefined ? undefined : new SignedSharedCache(options.shared);
  }

  /** True when a shared layer is configured (callers await {@link getShared} only then). */
  get hasShared(): boolean {
    return this.#shared !== undefined;
  }

  /**
   * The shared layer's principal for a token, under the same freshness rules as a local hit;
   * a hit is copied into the local layer.
   */
  async getShared(key: string, nowMs: number, keyHeld: (keyId: string) => boolean): Promise<Principal | undefined> {
    if (this.#shared === undefined) return undefined;
    const entry = await this.#shared.get(this.#sharedPrefix + key);
    if (entry === undefined || nowMs / 1000 >= entry.principal.expiresAt + this.#skewSeconds || !keyHeld(entry.keyId)) return undefined;
    this.#setLocal(key, entry.principal, entry.keyId, nowMs);
    return entry.principal;
  }

  /**
   * The cache key of a token: compute it once per request and pass it to get / set. The local
   * layer belongs to one guard, so the token's digest alone is its key; shared-layer keys also
   * name the validator profile, so a token valid for one API is never a hit for another.
   */
  key(token: string): string {
    return hash('sha256', token, 'base64url');
  }

  /** The cached principal if the token is still within its lifetime and its key is still held. */
  get(key: string, nowMs: number, keyHeld: (keyId: string) => boolean): Principal | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (nowMs / 1000 >= entry.principal.expiresAt + this.#skewSeconds || !keyHeld(entry.keyId)) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.principal;
  }

  set(key: string, principal: Principal, keyId: string, nowMs: number): void {
    const ttl = this.#setLocal(key, principal, keyId, nowMs);
    if (ttl > 0) this.#shared?.set(this.#sharedPrefix + key, principal, keyId, ttl);
  }

  #setLocal(key: string, principal: Principal, keyId: string, nowMs: number): number {
    const ttl = Math.floor((principal.expiresAt + this.#skewSeconds) * 1000 - nowMs);
    // No lru-cache TTL: get() checks exp + skew itself, and a TTL would cost a clock read per get.
    if (ttl > 0) this.#entries.set(key, { principal, keyId });
    return ttl;
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}
