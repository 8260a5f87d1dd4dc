// Where revocations live, decided here and nowhere else: per process without Redis, shared by
// every instance (@entra-guard/redis) when REDIS_URL is set.
import { InMemoryRevocationStore, type WritableRevocationStore } from '@entra-guard/core';
import { createRedisRevocationStore } from '@entra-guard/redis';
import { Redis } from 'ioredis';
import type { ApiConfig } from './config.js';
import { StartupError } from './startup-error.js';

export interface RevocationBackend {
  readonly store: WritableRevocationStore;
  /** True when every instance sees the same revocations; false for a per-process store. */
  readonly shared: boolean;
  /** A short description for the start-up log. */
  readonly description: string;
  close(): Promise<void>;
}

/**
 * The revocation store for this configuration. With REDIS_URL, a revocation made on one
 * instance is refused by all of them within milliseconds; requests are still answered from each
 * instance's memory. If Redis stays unreachable longer than the store's staleness bound (30 s),
 * requests fail closed with 503 EG_REVOCATION_UNAVAILABLE until it is back.
 */
export async function createRevocationStore(config: Pick<ApiConfig, 'redisUrl' | 'redisKeyPrefix'>): Promise<RevocationBackend> {
  if (config.redisUrl === undefined) {
    return { store: new InMemoryRevocationStore(), shared: false, description: 'in memory', close: async () => undefined };
  }
  // Its own connection: the store also opens a subscriber from it, and closes neither.
  const redis = new Redis(config.redisUrl, { lazyConnect: true, connectTimeout: 5_000, maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined); // the store reports connection state through its own events
  try {
    await redis.connect();
    const store = await createRedisRevocationStore({ redis, keyPrefix: `${config.redisKeyPrefix}revocation:` });
    return {
      store,
      shared: true,
      description: 'redis (shared by every instance)',
      close: async () => {
        await store.close();
        await redis.quit().catch(() => redis.disconnect());
      },
    };
  } catch {
    redis.disconnect();
    throw new StartupError('REDIS_URL: cannot load the revocation store from Redis');
  }
}
