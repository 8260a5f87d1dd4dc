import type { Redis } from 'ioredis';

/** Options of {@link RedisRevocationStore} and {@link createRedisRevocationStore}. */
export interface RedisRevocationStoreOptions {
  /**
   * An ioredis client (standalone or Sentinel; not Cluster) the application owns and closes. The
   * store sends writes and loads on it and subscribes on its own `redis.duplicate()`.
   */
  readonly redis: Redis;
  /** Prefix of every key and of the `<prefix>changes` channel. Default `'entra-guard:revocation:'`. */
  readonly keyPrefix?: string;
  /**
   * How long a user revocation is kept after its valid-from, seconds: the longest token lifetime
   * plus clock skew, after which no token it could refuse is still valid. Default 100 800 + 300.
   */
  readonly retentionSeconds?: number;
  /** How long past its `exp` a revoked `uti` is kept, seconds (the guard's skew). Default 300. */
  readonly clockSkewSeconds?: number;
  /**
   * How old the local copy may get (since the last proof it was current) before it counts as stale.
   * Default 30 000 ms. A blip shorter than this costs nothing.
   */
  readonly maxStalenessMs?: number;
  /**
   * What `check()` does once the copy is stale: `'fail-closed'` (default) throws, so the guard
   * answers 503 `EG_REVOCATION_UNAVAILABLE`; `'serve-last-known'` keeps answering from memory.
   */
  readonly onStale?: 'fail-closed' | 'serve-last-known';
  /** How often the subscriber connection is pinged to prove it is current. Default min(5 000, maxStalenessMs / 3). */
  readonly heartbeatIntervalMs?: number;
  /** How often the whole copy is reloaded as a safety net. Default 60 000 ms. */
  readonly resyncIntervalMs?: number;
  /** Bound on each Redis command (writes, SCAN pages, pings, the echo of a write). Default 5 000 ms. */
  readonly commandTimeoutMs?: number;
  /** How long {@link createRedisRevocationStore} waits for the first load. Default 10 000 ms. */
  readonly startTimeoutMs?: number;
  /** Wall clock, ms: revocation times and entry expiry. Default `Date.now`. Staleness uses a monotonic clock. */
  readonly now?: () => number;
}

export interface ResolvedStoreOptions {
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly clientPrefix: string;
  readonly retentionSeconds: number;
  readonly clockSkewSeconds: number;
  readonly maxStalenessMs: number;
  readonly onStale: 'fail-closed' | 'serve-last-known';
  readonly heartbeatIntervalMs: number;
  readonly resyncIntervalMs: number;
  readonly commandTimeoutMs: number;
  readonly startTimeoutMs: number;
  readonly now: () => number;
}

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (v === 0 && !allowZero)) {
    throw new TypeError(`"${name}" must be a ${allowZero ? 'non-negative' : 'positive'} number`);
  }
  return v;
}

export function resolveStoreOptions(o: RedisRevocationStoreOptions): ResolvedStoreOptions {
  const redis = o.redis as Partial<Redis> | undefined;
  if (typeof redis !== 'object' || redis === null || typeof redis.duplicate !== 'function') {
    throw new TypeError('"redis" must be an ioredis client');
  }
  if ((redis as { isCluster?: unknown }).isCluster === true) throw new TypeError('"redis" must not be an ioredis Cluster (SCAN needs one node)');
  const keyPrefix = o.keyPrefix ?? 'entra-guard:revocation:';
  if (typeof keyPrefix !== 'string' || keyPrefix.length === 0) throw new TypeError('"keyPrefix" must be a non-empty string');
  const maxStalenessMs = positive('maxStalenessMs', o.maxStalenessMs, 30_000);
  const heartbeatIntervalMs = positive('heartbeatIntervalMs', o.heartbeatIntervalMs, Math.min(5_000, Math.floor(maxStalenessMs / 3)) || 1);
  if (heartbeatIntervalMs >= maxStalenessMs) throw new TypeError('"heartbeatIntervalMs" must be shorter than "maxStalenessMs"');
  const onStale = o.onStale ?? 'fail-closed';
  if (onStale !== 'fail-closed' && onStale !== 'serve-last-known') throw new TypeError('"onStale" must be "fail-closed" or "serve-last-known"');
  const now = o.now ?? Date.now;
  if (typeof now !== 'function') throw new TypeError('"now" must be a function');
  const clientPrefix = redis.options?.keyPrefix ?? '';
  return Object.freeze({
    redis: o.redis,
    keyPrefix,
    clientPrefix,
    retentionSeconds: positive('retentionSeconds', o.retentionSeconds, 101_100),
    clockSkewSeconds: positive('clockSkewSeconds', o.clockSkewSeconds, 300, true),
    maxStalenessMs,
    onStale,
    heartbeatIntervalMs,
    resyncIntervalMs: positive('resyncIntervalMs', o.resyncIntervalMs, 60_000),
    commandTimeoutMs: positive('commandTimeoutMs', o.commandTimeoutMs, 5_000),
    startTimeoutMs: positive('startTimeoutMs', o.startTimeoutMs, 10_000),
    now,
  });
}
