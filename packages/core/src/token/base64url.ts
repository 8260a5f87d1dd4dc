const ALPHABET = /^[A-Za-z0-9_-]+$/;

/**
 * Decodes canonical base64url (RFC 7515 §2: no padding, no whitespace, zero trailing bits).
 * Returns undefined for anything else: Buffer's own decoder silently skips junk, which would let
 * two different strings stand for one token.
 */
export function decodeBase64Url(segment: string): Buffer | undefined {
  if (segment.length === 0 || segment.length % 4 === 1 || !ALPHABET.test(segment)) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  // Re-encoding catches non-zero trailing bits (`...Q` vs `...R` decode to the same bytes).
  return bytes.toString('base64url') === segment ? bytes : undefined;
}
