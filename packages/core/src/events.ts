import { channel } from 'node:diagnostics_channel';

/**
 * Diagnostics channels entra-guard publishes on. Subscribe with
 * `diagnostics_channel.subscribe(CHANNELS.rejected, fn)`. Messages never carry a token, a claim
 * value that identifies a person, or a key; see docs/events.md.
 */
export const CHANNELS: {
  readonly authenticated: 'entra-guard:authenticated';
  readonly rejected: 'entra-guard:rejected';
  readonly keysRefreshed: 'entra-guard:keys-refreshed';
  readonly keysFailed: 'entra-guard:keys-failed';
} = Object.freeze({
  authenticated: 'entra-guard:authenticated',
  rejected: 'entra-guard:rejected',
  keysRefreshed: 'entra-guard:keys-refreshed',
  keysFailed: 'entra-guard:keys-failed',
});

/** Published when a token is accepted. */
export interface AuthenticatedEvent {
  readonly kind: 'user' | 'app';
  readonly tenantId: string;
  readonly clientId: string;
  readonly tokenVersion: '1.0' | '2.0';
  /** SHA-256 of `tenantId:objectId`, hex, first 32 characters: correlates without naming the user. */
  readonly principalHash: string;
  readonly durationMs: number;
}

/** Published when a token or request is refused. */
export interface RejectedEvent {
  readonly code: string;
  readonly check: string | undefined;
  readonly status: number;
  readonly durationMs: number;
}

/** Published after a successful key-set fetch. */
export interface KeysRefreshedEvent {
  readonly authority: string;
  readonly reason: 'startup' | 'background' | 'unknown-kid';
  readonly keyCount: number;
  readonly added: number;
  readonly removed: number;
  readonly skipped: number;
}

/** Published when fetching metadata or keys fails. */
export interface KeysFailedEvent {
  readonly authority: string;
  readonly reason: 'startup' | 'background' | 'unknown-kid';
  /** A fixed description of what went wrong (no response bodies). */
  readonly error: string;
  /** True when no usable key is cached, so requests get 503 until keys arrive. */
  readonly cold: boolean;
}

const authenticated = channel(CHANNELS.authenticated);
const rejected = channel(CHANNELS.rejected);
const keysRefreshed = channel(CHANNELS.keysRefreshed);
const keysFailed = channel(CHANNELS.keysFailed);

// `hasSubscribers` first: building a message costs nothing when nobody listens.
export function publishAuthenticated(build: () => AuthenticatedEvent): void {
  if (authenticated.hasSubscribers) authenticated.publish(build());
}
/** Publishes a refusal; adapters call it for the refusals they make themselves. */
export function publishRejected(event: RejectedEvent): void {
  if (rejected.hasSubscribers) rejected.publish(event);
}
export function publishKeysRefreshed(event: KeysRefreshedEvent): void {
  if (keysRefreshed.hasSubscribers) keysRefreshed.publish(event);
}
export function publishKeysFailed(event: KeysFailedEvent): void {
  if (keysFailed.hasSubscribers) keysFailed.publish(event);
}

/** Publishes a refusal an adapter made itself (second carrier, no permissions, no caller). */
export function publishRefusal(error: { readonly code: string; readonly check: string | undefined; readonly status: number }): void {
  publishRejected({ code: error.code, check: error.check, status: error.status, durationMs: 0 });
}
