import { randomBytes } from 'node:crypto';
import { mergeMembers } from './merge-members.js';

/** A token's decoded header and payload, before signing. */
export interface TokenParts {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** Current time in whole seconds, read through `Date.now()` so fake timers apply. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** An opaque random base64url string, like Entra's `aio`, `uti` and `rh` values. */
export function opaque(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Entra writes `aud, iss, iat, nbf, exp` first and every other claim in alphabetical order;
 * reproducing that keeps minted tokens byte-for-byte plausible.
 */
export function entraOrder(
  head: Record<string, unknown>,
  rest: Record<string, unknown>,
): Record<string, unknown> {
  const sorted = Object.keys(rest).sort();
  const payload: Record<string, unknown> = { ...head };
  for (const name of sorted) payload[name] = rest[name];
  return payload;
}

/** Applies the caller's header and claim overrides (merged last; `undefined` deletes). */
export function withOverrides(
  parts: TokenParts,
  header: Record<string, unknown> | undefined,
  claims: Record<string, unknown> | undefined,
): TokenParts {
  return { header: mergeMembers(parts.header, header), payload: mergeMembers(parts.payload, claims) };
}
