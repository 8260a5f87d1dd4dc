/** A token's header and claims decoded WITHOUT any verification: for display only, never for decisions. */
export interface UnverifiedToken {
  readonly header: Readonly<Record<string, unknown>> | undefined;
  readonly claims: Readonly<Record<string, unknown>> | undefined;
}

function decodeSegment(segment: string | undefined): Record<string, unknown> | undefined {
  if (segment === undefined || segment.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes header and payload of a compact token; what cannot be decoded is undefined. */
export function decodeUnverified(token: string): UnverifiedToken {
  const parts = token.split('.');
  // Five segments is a JWE: the second one is an encrypted key, not claims.
  return { header: decodeSegment(parts[0]), claims: parts.length === 3 ? decodeSegment(parts[1]) : undefined };
}
