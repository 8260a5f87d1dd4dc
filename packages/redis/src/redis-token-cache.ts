import type { SharedTokenCache } from '@entra-guard/core';
import type { Redis } from 'ioredis';

/** Options of {@link createRedisTokenCache}. */
export interface RedisTokenCacheOptions {
  /** An ioredis client the application owns (and closes). */
  readonly redis: Redis;
  /** Default `entra-guard:token:`. Keys already include the validator profile. */
  readonly keyPrefix?: string;
}

/**
 * The shared layer of the validated-token cache, in Redis: pass it as
 * `tokenCache: { shared: { store: createRedisTokenCache({ redis }), secret } }`. Entries expire
 * with their token (PX), and entra-guard signs them, so this store holds nothing it must trust.
 *
 * It saves the signature check of a token another instance already saw, at the cost of a
 * round trip: worth it only when Redis is close and tokens hop between instances.
 *
 * @example
 * ```ts
 * const guard = createEntraGuard({ ...options, tokenCache: { shared: { store: createRedisTokenCache({ redis }), secret: process.env.CACHE_SECRET! } } });
 * ```
 */
export function createRedisTokenCache(options: RedisTokenCacheOptions): SharedTokenCache {
  const prefix = options.keyPrefix ?? 'entra-guard:token:';
  const redis = options.redis;
  return {
    async get(key: string): Promise<string | undefined> {
      const value = await redis.get(prefix + key);
      return value ?? undefined;
    },
    async set(key: string, value: string, ttlMs: number): Promise<void> {
      await redis.set(prefix + key, value, 'PX', Math.max(1, Math.floor(ttlMs)));
    },
  };
}
