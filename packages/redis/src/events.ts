import { createHash } from 'node:crypto';
import { channel } from 'node:diagnostics_channel';

/**
 * Diagnostics channels of `@entra-guard/redis`. Messages never carry an object id, a token id or a
 * client id: subjects are hashed; failures are described by an errno code or error class only.
 */
export const REDIS_REVOCATION_CHANNELS: {
  readonly sync: 'entra-guard:revocation-sync';
  readonly syncFailed: 'entra-guard:revocation-sync-failed';
  readonly stale: 'entra-guard:revocation-stale';
  readonly recovered: 'entra-guard:revocation-recovered';
  readonly changed: 'entra-guard:revocation-changed';
} = Object.freeze({
  sync: 'entra-guard:revocation-sync',
  syncFailed: 'entra-guard:revocation-sync-failed',
  stale: 'entra-guard:revocation-stale',
  recovered: 'entra-guard:revocation-recovered',
  changed: 'entra-guard:revocation-changed',
});

/** A full load of the local copy from Redis finished. */
export interface RevocationSyncEvent {
  readonly keyPrefix: string;
  readonly reason: 'startup' | 'reconnect' | 'periodic';
  readonly entries: number;
  readonly durationMs: number;
}

/** Talking to Redis failed (the store keeps running and retries). */
export interface RevocationSyncFailedEvent {
  readonly keyPrefix: string;
  readonly operation: 'connection' | 'subscribe' | 'load' | 'heartbeat';
  /** An errno code (`ECONNREFUSED`), an error class, or `timeout`; never a message or an address. */
  readonly error: string;
}

/** The local copy became older than `maxStalenessMs` (published once per episode). */
export interface RevocationStaleEvent {
  readonly keyPrefix: string;
  /** Since the last proof the copy was current (or since `start()` when it never was). */
  readonly ageMs: number;
  readonly everSynced: boolean;
  readonly onStale: 'fail-closed' | 'serve-last-known';
  /** True when `check()` now throws (fail-closed, or never synced). */
  readonly refusing: boolean;
}

/** The local copy is current again after a stale episode. */
export interface RevocationRecoveredEvent {
  readonly keyPrefix: string;
  readonly staleForMs: number;
  readonly entries: number;
}

/** A change was applied to the local copy. */
export interface RevocationChangedEvent {
  readonly keyPrefix: string;
  readonly kind: 'user' | 'token' | 'client';
  readonly action: 'set' | 'delete';
  /**
   * First 32 hex characters of SHA-256 over the subject: `tenantId:objectId` for users (the same
   * as core's `principalHash`), the `uti` for tokens, the client id for clients.
   */
  readonly subjectHash: string;
  /** True when this instance wrote the change. */
  readonly own: boolean;
}

const sync = channel(REDIS_REVOCATION_CHANNELS.sync);
const syncFailed = channel(REDIS_REVOCATION_CHANNELS.syncFailed);
const stale = channel(REDIS_REVOCATION_CHANNELS.stale);
const recovered = channel(REDIS_REVOCATION_CHANNELS.recovered);
const changed = channel(REDIS_REVOCATION_CHANNELS.changed);

export const subjectHash = (subject: string): string => createHash('sha256').update(subject).digest('hex').slice(0, 32);

// `hasSubscribers` first: building a message costs nothing when nobody listens.
export function publishSync(build: () => RevocationSyncEvent): void {
  if (sync.hasSubscribers) sync.publish(build());
}
export function publishSyncFailed(build: () => RevocationSyncFailedEvent): void {
  if (syncFailed.hasSubscribers) syncFailed.publish(build());
}
export function publishStale(build: () => RevocationStaleEvent): void {
  if (stale.hasSubscribers) stale.publish(build());
}
export function publishRecovered(build: () => RevocationRecoveredEvent): void {
  if (recovered.hasSubscribers) recovered.publish(build());
}
export function publishChanged(build: () => RevocationChangedEvent): void {
  if (changed.hasSubscribers) changed.publish(build());
}
