const ALPHABET = /^[A-Za-z0-9_-]+$/;

// The last character of an unpadded segment carries 4 (length % 4 === 2) or 2 (=== 3) unused
// bits, which must be zero: only these characters leave them so.
const CANONICAL_LAST: Readonly<Record<number, string>> = { 2: 'AQgw', 3: 'AEIMQUYcgkosw048' };

/**
 * Decodes canonical base64url (RFC 7515 §2: no padding, no whitespace, zero trailing bits).
 * Returns undefined for anything else: Buffer's own decoder silently skips junk, which would let
 * two different strings stand for one token (`...Q` and `...R` decode to the same bytes).
 */
export function decodeBase64Url(segment: string): Buffer | undefined {
  const rest = segment.length % 4;
  if (segment.length === 0 || rest === 1 || !ALPHABET.test(segment)) return undefined;
  const allowedLast = CANONICAL_LAST[rest];
  if (allowedLast !== undefined && !allowedLast.includes(segment[segment.length - 1]!)) return undefined;
  return Buffer.from(segment, 'base64url');
}
