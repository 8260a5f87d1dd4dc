/** What a revocation store is asked about each accepted token. */
export interface RevocationQuery {
  readonly tenantId: string;
  /** Undefined only for old v1 app tokens without `oid`/`sub`. */
  readonly objectId: string | undefined;
  readonly clientId: string;
  /** `uti`, when the token has one. */
  readonly tokenId: string | undefined;
  /** `iat`, seconds. */
  readonly issuedAt: number;
  /** `exp`, seconds. */
  readonly expiresAt: number;
}

/** The store's answer. `validFrom` (seconds) is set when the user was revoked at that time. */
export type RevocationDecision =
  | { readonly revoked: false }
  | { readonly revoked: true; readonly reason: 'user' | 'token' | 'client'; readonly validFrom?: number };

/**
 * Decides whether an otherwise valid token has been revoked. Asked on every request, cache hit
 * or not, so implementations should answer from memory (the Redis store keeps a local copy).
 */
export interface RevocationStore {
  check(query: RevocationQuery): RevocationDecision | Promise<RevocationDecision>;
}

/** A revocation store that can also be written to. */
export interface WritableRevocationStore extends RevocationStore {
  /** Refuses every token of the user issued before `at` (seconds; default now). */
  revokeUser(tenantId: string, objectId: string, at?: number): void | Promise<void>;
  /** Refuses the token with this `uti` until `expiresAt` (seconds). */
  revokeToken(tokenId: string, expiresAt: number): void | Promise<void>;
  /** Refuses every token of a client application until re-enabled (the kill switch). */
  disableClient(clientId: string): void | Promise<void>;
  enableClient(clientId: string): void | Promise<void>;
}

export const NOT_REVOKED: RevocationDecision = Object.freeze({ revoked: false });
