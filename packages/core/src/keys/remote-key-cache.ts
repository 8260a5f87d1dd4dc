import type { ResolvedCloud } from '../config/clouds.js';
import type { ResolvedRemoteKeys } from '../config/resolve-options.js';
import { KeysUnavailableError, tokenError } from '../errors/errors.js';
import { publishKeysFailed, publishKeysRefreshed, type KeysRefreshedEvent } from '../events.js';
import { fetchJsonObject, FetchJsonError, type FetchLimits } from './fetch-json.js';
import type { SigningKey } from './jwk-import.js';
import { KeySet, type KeySelector } from './key-set.js';
import type { KeySource } from './key-source.js';
import { authoritySegment, checkDiscovery, discoveryUrls, type IssuerTemplates } from './metadata.js';

type Reason = KeysRefreshedEvent['reason'];

/** Everything the cache needs from outside; tests pass their own clock and timers. */
export interface RemoteKeyCacheDeps {
  readonly cloud: ResolvedCloud;
  /** The tenant GUID for single-tenant APIs; undefined uses the tenant-independent authority. */
  readonly tenantId: string | undefined;
  readonly allowPersonalAccounts: boolean;
  readonly acceptV1: boolean;
  readonly settings: ResolvedRemoteKeys;
  readonly fetch: typeof fetch;
  readonly clock?: () => number;
  readonly random?: () => number;
}

/** "request failed: fetch failed: connect ECONNREFUSED ..." — the private detail a developer needs. */
function describeChain(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error && parts.length < 4; e = e.cause) parts.push(e.message);
  return parts.length === 0 ? 'unknown error' : parts.join(': ');
}

// After a failed cold load, requests fail fast (503) for this long instead of each one fetching.
const COLD_RETRY_MS = 5_000;

/**
 * Microsoft's key-caching algorithm for one authority: metadata and keys loaded on first use or
 * `ready()`, keys merged per `kid` with a TTL, an hourly jittered background refresh, a
 * single-flight refresh on an unknown `kid` at most once per cooldown, and the last known good
 * keys kept whenever a refresh fails.
 */
export class RemoteKeyCache implements KeySource {
  readonly #deps: RemoteKeyCacheDeps;
  readonly #clock: () => number;
  readonly #keys: KeySet;
  readonly #limits: FetchLimits;
  readonly #segment: string;
  #issuers: IssuerTemplates | undefined;
  #jwksUri: string | undefined;
  #pending: Promise<void> | undefined;
  #lastSuccessAt: number | undefined;
  #lastFailureAt: number | undefined;
  #lastKidRefreshAt = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(deps: RemoteKeyCacheDeps) {
    this.#deps = deps;
    this.#clock = deps.clock ?? Date.now;
    this.#keys = new KeySet(deps.settings.maxStaleMs);
    this.#limits = { fetch: deps.fetch, timeoutMs: deps.settings.timeoutMs, maxBodyBytes: deps.settings.maxBodyBytes };
    this.#segment = authoritySegment(deps.tenantId, deps.allowPersonalAccounts);
  }

  /** Key ids currently cached (for diagnostics and tests). */
  get kids(): string[] {
    return this.#keys.kids();
  }

  /** True while a fetch is in flight. */
  get refreshing(): boolean {
    return this.#pending !== undefined;
  }

  find(selector: KeySelector): SigningKey | undefined {
    return this.#issuers === undefined ? undefined : this.#keys.find(selector, this.#clock());
  }

  async resolve(selector: KeySelector): Promise<SigningKey> {
    // Only stale keys left is as good as none: fail with 503 rather than refuse a good token.
    if (this.#issuers === undefined || this.#keys.usable(this.#clock()) === 0) await this.#loadCold();
    const found = this.find(selector);
    if (found) return found;
    if (this.#keys.isStale(selector, this.#clock())) {
      // A key we knew has aged out: confirm it with a fetch (no cooldown: it is not a random
      // kid), and answer 503 if the authority cannot be reached, never a misleading 401.
      await this.refresh('unknown-kid').catch((err: unknown) => this.#unavailable(err));
    } else if (this.#pending) {
      await this.#pending.catch(() => undefined);
    } else if (this.#clock() - this.#lastKidRefreshAt >= this.#deps.settings.unknownKidCooldownMs) {
      this.#lastKidRefreshAt = this.#clock();
      await this.refresh('unknown-kid').catch(() => undefined);
    }
    const after = this.find(selector);
    if (after) return after;
    throw tokenError('EG_KEY_NOT_FOUND', 'no published key matches the token kid/x5t', { check: 'signature' });
  }

  issuers(): IssuerTemplates {
    if (this.#issuers === undefined) throw new KeysUnavailableError('authority metadata not loaded');
    return this.#issuers;
  }

  async ready(): Promise<void> {
    if (this.#issuers === undefined || this.#keys.usable(this.#clock()) === 0) await this.refresh('startup').catch((err: unknown) => this.#unavailable(err));
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Fetches now (single-flight). Rejects with the fetch failure; cached keys stay as they were. */
  refresh(reason: Reason): Promise<void> {
    this.#pending ??= this.#fetchAll(reason).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #loadCold(): Promise<void> {
    const failedAt = this.#lastFailureAt;
    if (!this.#pending && failedAt !== undefined && this.#clock() - failedAt < COLD_RETRY_MS) {
      throw new KeysUnavailableError('signing keys unavailable (recent failure)', { retryAfterSeconds: COLD_RETRY_MS / 1000 });
    }
    await this.refresh('startup').catch((err: unknown) => this.#unavailable(err));
  }

  #unavailable(err: unknown): never {
    throw new KeysUnavailableError(`signing keys unavailable: ${describeChain(err)}`, {
      cause: err,
      retryAfterSeconds: COLD_RETRY_MS / 1000,
    });
  }

  async #fetchAll(reason: Reason): Promise<void> {
    const authority = `${this.#deps.cloud.authorityHost}/${this.#segment}`;
    try {
      // An unknown kid only needs the key set; metadata is re-read on the background cycle.
      if (reason !== 'unknown-kid' || this.#jwksUri === undefined) await this.#fetchMetadata();
      const body = await fetchJsonObject(this.#jwksUri!, this.#limits);
      const keys = body.keys;
      if (!Array.isArray(keys)) throw new FetchJsonError('key set has no keys array');
      if (keys.length > this.#deps.settings.maxKeys) throw new FetchJsonError(`key set has more than ${this.#deps.settings.maxKeys} keys`);
      const now = this.#clock();
      const merged = this.#keys.merge(keys, now);
      if (merged.accepted === 0) throw new FetchJsonError('key set holds no usable RS256 signing key');
      const removed = this.#keys.expire(now);
      this.#lastSuccessAt = now;
      this.#lastFailureAt = undefined;
      publishKeysRefreshed({ authority, reason, keyCount: this.#keys.size, added: merged.added.length, removed: removed.length, skipped: merged.skipped });
      // Unknown-kid refreshes must not keep postponing the metadata re-read of the background cycle.
      if (reason !== 'unknown-kid' || this.#timer === undefined) this.#schedule(this.#deps.settings.refreshIntervalMs);
    } catch (err) {
      this.#lastFailureAt = this.#clock();
      this.#keys.expire(this.#lastFailureAt);
      const error = err instanceof FetchJsonError ? err.message : 'unexpected failure';
      publishKeysFailed({ authority, reason, error, cold: this.#keys.size === 0 || this.#issuers === undefined });
      // Keep trying in the background while the last known good keys serve requests.
      if (this.#lastSuccessAt !== undefined) this.#schedule(Math.min(this.#deps.settings.refreshIntervalMs, 60_000));
      throw err instanceof FetchJsonError ? err : new FetchJsonError(error, { cause: err });
    }
  }

  async #fetchMetadata(): Promise<void> {
    const { cloud, tenantId } = this.#deps;
    const urls = discoveryUrls(cloud, this.#segment);
    const [v2, v1] = await Promise.all([
      fetchJsonObject(urls.v2, this.#limits),
      this.#deps.acceptV1 ? fetchJsonObject(urls.v1, this.#limits) : undefined,
    ]);
    const v2Checked = checkDiscovery(v2, '2.0', cloud, tenantId);
    // Keys always come from the v2 set: only it names each key's issuer (Storm-0558 binding).
    const v1Issuer = v1 === undefined ? undefined : checkDiscovery(v1, '1.0', cloud, tenantId).issuer;
    this.#jwksUri = v2Checked.jwksUri;
    this.#issuers = { '2.0': v2Checked.issuer, '1.0': v1Issuer };
  }

  #schedule(baseMs: number): void {
    if (this.#closed) return;
    if (this.#timer) clearTimeout(this.#timer);
    const jitter = 1 + ((this.#deps.random ?? Math.random)() * 0.2 - 0.1);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.refresh('background').catch(() => undefined);
    }, Math.round(baseMs * jitter));
    this.#timer.unref();
  }
}
