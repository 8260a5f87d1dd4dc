// The whole public API of @entra-guard/redis.
export { createRedisRevocationStore, RedisRevocationStore, type RedisRevocationStoreStatus } from './redis-revocation-store.js';
export type { RedisRevocationStoreOptions } from './options.js';
export { RedisRevocationError, type RedisRevocationErrorReason } from './errors.js';
export {
  REDIS_REVOCATION_CHANNELS,
  type RevocationChangedEvent,
  type RevocationRecoveredEvent,
  type RevocationStaleEvent,
  type RevocationSyncEvent,
  type RevocationSyncFailedEvent,
} from './events.js';
export { createRedisTokenCache, type RedisTokenCacheOptions } from './redis-token-cache.js';
