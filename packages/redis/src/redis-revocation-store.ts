import { randomBytes } from 'node:crypto';
import type { RevocationDecision, RevocationQuery, WritableRevocationStore } from '@entra-guard/core';
import { CopySync } from './copy-sync.js';
import { RedisRevocationError, revocationError, withTimeout } from './errors.js';
import { publishChanged, subjectHash } from './events.js';
import { entryFor, LocalCopy, type Entry } from './local-copy.js';
import { changesChannel, clientName, formatChange, kindOf, parseChange, RAISE_SCRIPT, subjectOf, tokenName, userName } from './names.js';
import { resolveStoreOptions, type RedisRevocationStoreOptions, type ResolvedStoreOptions } from './options.js';

/** What {@link RedisRevocationStore.status} reports. */
export interface RedisRevocationStoreStatus {
  /** Subscribed and fully loaded since the subscriber's last (re)connect. */
  readonly synced: boolean;
  /** Older than `maxStalenessMs`, or never loaded: `check()` throws unless `serve-last-known` (and loaded once). */
  readonly stale: boolean;
  /** Wall-clock ms of the last proof that the copy was current (a load or a heartbeat). */
  readonly lastSyncAt: number | undefined;
  /** Live entries in the local copy. */
  readonly entries: number;
}

interface Echo {
  /** True once this write's own change message came back (and was applied) on the subscriber. */
  readonly arrived: Promise<boolean>;
  cancel(): void;
}

const noop = (): void => {};

function requireId(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1024) throw new TypeError(`"${name}" must be a non-empty string`);
}
function requireSeconds(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new TypeError(`"${name}" must be a time in seconds`);
}
function writeFailure(err: unknown): RedisRevocationError {
  if (err instanceof RedisRevocationError) return err.reason === 'timeout' ? revocationError('unconfirmed', err) : err;
  if ((err as { name?: unknown } | null)?.name === 'ReplyError') return revocationError('command-failed', err);
  return revocationError('unconfirmed', err);
}

/**
 * A revocation store shared by every instance of an API through Redis. Writes go to Redis and are
 * published on `<keyPrefix>changes`; every instance keeps a local copy, loaded with SCAN at start
 * and after each reconnect, kept current by that channel, so `check()` answers from memory and
 * never waits on Redis. See the package README for the behaviour when Redis is unreachable.
 */
export class RedisRevocationStore implements WritableRevocationStore {
  readonly #o: ResolvedStoreOptions;
  readonly #copy = new LocalCopy();
  readonly #channel: string;
  readonly #sync: CopySync;
  readonly #instance = randomBytes(6).toString('base64url');
  readonly #echoes = new Map<string, (arrived: boolean) => void>();
  #closed = false;
  #seq = 0;

  /** @throws TypeError naming the option, when an option is invalid. */
  constructor(options: RedisRevocationStoreOptions) {
    this.#o = resolveStoreOptions(options);
    this.#channel = changesChannel(this.#o.keyPrefix);
    this.#sync = new CopySync(this.#o, this.#copy, this.#channel, (text) => this.#message(text));
  }

  /** Opens the subscriber connection and starts loading. Resolves with {@link ready}. */
  start(): Promise<void> {
    return this.#sync.start();
  }

  /** Resolves after the first full load; rejects if the store is closed first. Never times out by itself. */
  ready(): Promise<void> {
    return this.#sync.ready;
  }

  get status(): RedisRevocationStoreStatus {
    const freshAt = this.#sync.freshAt;
    return {
      synced: this.#sync.synced,
      stale: freshAt === undefined || this.#sync.age() > this.#o.maxStalenessMs,
      lastSyncAt: this.#sync.lastSyncAt,
      entries: this.#copy.size(this.#o.now()),
    };
  }

  /** Answers from memory, synchronously. Throws a {@link RedisRevocationError} when it cannot vouch for the copy. */
  check(query: RevocationQuery): RevocationDecision {
    if (this.#closed) throw revocationError('closed');
    if (this.#sync.freshAt === undefined) {
      this.#sync.checkStale();
      throw revocationError('not-synced');
    }
    if (this.#sync.age() > this.#o.maxStalenessMs && this.#sync.checkStale() && this.#o.onStale === 'fail-closed') {
      throw revocationError('stale');
    }
    return this.#copy.decide(query, this.#o.now);
  }

  /** Refuses every token of the user issued before `at` (seconds; default now), on every instance. */
  async revokeUser(tenantId: string, objectId: string, at?: number): Promise<void> {
    requireId('tenantId', tenantId);
    if (tenantId.includes(':')) throw new TypeError('"tenantId" must not contain ":"');
    requireId('objectId', objectId);
    const validFrom = at ?? this.#o.now() / 1000;
    requireSeconds('at', validFrom);
    await this.#raise(userName(tenantId, objectId), validFrom, this.#o.retentionSeconds);
  }

  /** Refuses the token with this `uti` until `expiresAt` (seconds) plus clock skew, on every instance. */
  async revokeToken(tokenId: string, expiresAt: number): Promise<void> {
    requireId('tokenId', tokenId);
    requireSeconds('expiresAt', expiresAt);
    await this.#raise(tokenName(tokenId), expiresAt, this.#o.clockSkewSeconds);
  }

  /** Refuses every token of a client application, on every instance, until {@link enableClient}. */
  async disableClient(clientId: string): Promise<void> {
    await this.#setClient(clientId, true);
  }

  async enableClient(clientId: string): Promise<void> {
    await this.#setClient(clientId, false);
  }

  /** Stops timers and closes the subscriber connection. The application's own client is left open. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const settle of [...this.#echoes.values()]) settle(false);
    await this.#sync.close();
  }

  #writable(): void {
    if (this.#closed) throw revocationError('closed');
    const s = this.#o.redis.status;
    // Not sent rather than left in the client's offline queue, to be written who knows when.
    if (s === 'end' || s === 'close' || s === 'reconnecting') throw revocationError('unreachable');
  }

  /** Raise-only write (user valid-from, token exp) through one atomic script that also publishes. */
  async #raise(name: string, value: number, extraSeconds: number): Promise<void> {
    this.#writable();
    const nonce = `${this.#instance}.${++this.#seq}`;
    const echo = this.#expectEcho(nonce);
    let reply: unknown;
    try {
      const args = [String(value), String(extraSeconds), String(this.#o.now()), nonce, name, this.#channel];
      reply = await withTimeout(this.#o.redis.eval(RAISE_SCRIPT, 1, this.#o.keyPrefix + name, ...args), this.#o.commandTimeoutMs);
    } catch (err) {
      echo.cancel();
      throw writeFailure(err);
    }
    const stored = Array.isArray(reply) ? Number(reply[0]) : Number.NaN;
    const ttl = Array.isArray(reply) ? Number(reply[1]) : Number.NaN;
    if (!Number.isFinite(stored) || !Number.isInteger(ttl)) {
      echo.cancel();
      throw revocationError('command-failed');
    }
    if (ttl < 1) return echo.cancel(); // could no longer refuse a live token: nothing written
    if (await echo.arrived) return;
    const entry = entryFor(stored, ttl, this.#o.now());
    if (this.#copy.raises(name, entry, this.#o.now)) this.#apply(name, entry, true);
  }

  /** The kill switch: SET (no expiry) or DEL, with the PUBLISH, in one MULTI. */
  async #setClient(clientId: string, disabled: boolean): Promise<void> {
    requireId('clientId', clientId);
    this.#writable();
    const name = clientName(clientId);
    const key = this.#o.keyPrefix + name;
    const nonce = `${this.#instance}.${++this.#seq}`;
    const message = formatChange({ op: disabled ? 'set' : 'del', ttlMs: -1, value: disabled ? 1 : 0, nonce, name });
    const echo = this.#expectEcho(nonce);
    const tx = this.#o.redis.multi();
    (disabled ? tx.set(key, '1') : tx.del(key)).publish(this.#channel, message);
    let results: [Error | null, unknown][] | null;
    try {
      results = await withTimeout(tx.exec(), this.#o.commandTimeoutMs);
    } catch (err) {
      echo.cancel();
      throw writeFailure(err);
    }
    const failed = results?.find(([err]) => err !== null)?.[0];
    if (results === null || failed !== undefined) {
      echo.cancel();
      throw revocationError('command-failed', failed ?? undefined);
    }
    if (!(await echo.arrived)) this.#apply(name, disabled ? entryFor(1, -1, 0) : undefined, true);
  }

  /**
   * Waits (bounded) for a write's own change message, so this copy applies it in the order Redis
   * published it; when the subscriber is down the writer applies it directly instead.
   */
  #expectEcho(nonce: string): Echo {
    if (!this.#sync.synced) return { arrived: Promise.resolve(false), cancel: noop };
    let settle: (arrived: boolean) => void = noop;
    const arrived = new Promise<boolean>((resolve) => (settle = resolve));
    const timer = setTimeout(() => done(false), this.#o.commandTimeoutMs);
    timer.unref();
    const done = (value: boolean): void => {
      clearTimeout(timer);
      this.#echoes.delete(nonce);
      settle(value);
    };
    this.#echoes.set(nonce, done);
    return { arrived, cancel: () => done(false) };
  }

  #message(text: string): void {
    const change = parseChange(text);
    if (change === undefined) return;
    const entry = change.op === 'set' ? entryFor(change.value, change.ttlMs, this.#o.now()) : undefined;
    this.#apply(change.name, entry, change.nonce.startsWith(`${this.#instance}.`));
    this.#echoes.get(change.nonce)?.(true);
  }

  #apply(name: string, entry: Entry | undefined, own: boolean): void {
    this.#copy.apply(name, entry);
    publishChanged(() => {
      const kind = kindOf(name);
      return {
        keyPrefix: this.#o.keyPrefix,
        kind: kind === 'uti' ? 'token' : (kind ?? 'user'),
        action: entry === undefined ? 'delete' : 'set',
        subjectHash: subjectHash(subjectOf(name)),
        own,
      };
    });
  }
}

/**
 * Creates a {@link RedisRevocationStore}, starts it and waits (up to `startTimeoutMs`) for the
 * first load. Rejects with a `not-synced` {@link RedisRevocationError} (and closes the store) when
 * Redis cannot be loaded in time; to start anyway and refuse until Redis answers, use
 * `new RedisRevocationStore(options)` and `start()` without awaiting it.
 */
export async function createRedisRevocationStore(options: RedisRevocationStoreOptions): Promise<RedisRevocationStore> {
  const store = new RedisRevocationStore(options);
  try {
    await withTimeout(store.start(), options.startTimeoutMs ?? 10_000);
  } catch (err) {
    await store.close();
    throw err instanceof RedisRevocationError && err.reason === 'timeout' ? revocationError('not-synced', err) : err;
  }
  return store;
}
