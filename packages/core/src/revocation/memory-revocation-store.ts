import { NOT_REVOKED, type RevocationDecision, type RevocationQuery, type WritableRevocationStore } from './revocation-store.js';

/** Options of {@link InMemoryRevocationStore}. */
export interface InMemoryRevocationStoreOptions {
  /**
   * How long a user revocation is kept, seconds: once every token issued before it has expired
   * it decides nothing. Default 100 800 + 300 (the longest token lifetime plus clock skew).
   */
  readonly retentionSeconds?: number;
  /** The clock, ms. Default `Date.now`. */
  readonly now?: () => number;
}

const userKey = (tenantId: string, objectId: string): string => `${tenantId}:${objectId}`;

/**
 * A revocation store for one process: per-user valid-from times, a `uti` denylist and a client
 * kill switch. Entries expire when they can no longer match a live token.
 *
 * Entra back-dates `iat` by about five minutes, so right after a user is revoked their fresh
 * tokens are refused too until their `iat` passes the revocation time.
 */
export class InMemoryRevocationStore implements WritableRevocationStore {
  readonly #users = new Map<string, { validFrom: number; forgetAt: number }>();
  readonly #tokens = new Map<string, number>();
  readonly #clients = new Set<string>();
  readonly #retention: number;
  readonly #now: () => number;

  constructor(options: InMemoryRevocationStoreOptions = {}) {
    const retention = options.retentionSeconds ?? 101_100;
    if (!Number.isFinite(retention) || retention <= 0) throw new TypeError('"retentionSeconds" must be a positive number');
    this.#retention = retention;
    this.#now = options.now ?? Date.now;
  }

  #seconds(): number {
    return this.#now() / 1000;
  }

  check(query: RevocationQuery): RevocationDecision {
    if (this.#clients.has(query.clientId)) return { revoked: true, reason: 'client' };
    if (query.tokenId !== undefined && this.#tokens.has(query.tokenId)) return { revoked: true, reason: 'token' };
    if (query.objectId !== undefined) {
      const user = this.#users.get(userKey(query.tenantId, query.objectId));
      if (user !== undefined && query.issuedAt < user.validFrom) return { revoked: true, reason: 'user', validFrom: user.validFrom };
    }
    return NOT_REVOKED;
  }

  revokeUser(tenantId: string, objectId: string, at: number = this.#seconds()): void {
    if (!Number.isFinite(at)) throw new TypeError('"at" must be a time in seconds');
    const existing = this.#users.get(userKey(tenantId, objectId));
    const validFrom = Math.max(at, existing?.validFrom ?? 0);
    this.#users.set(userKey(tenantId, objectId), { validFrom, forgetAt: validFrom + this.#retention });
    this.#prune();
  }

  revokeToken(tokenId: string, expiresAt: number): void {
    this.#tokens.set(tokenId, expiresAt);
    this.#prune();
  }

  disableClient(clientId: string): void {
    this.#clients.add(clientId);
  }

  enableClient(clientId: string): void {
    this.#clients.delete(clientId);
  }

  /** Number of user and token entries held (for tests and metrics). */
  get size(): number {
    return this.#users.size + this.#tokens.size;
  }

  #prune(): void {
    const now = this.#seconds();
    for (const [k, v] of this.#users) if (v.forgetAt <= now) this.#users.delete(k);
    for (const [k, exp] of this.#tokens) if (exp + 300 <= now) this.#tokens.delete(k);
  }
}
