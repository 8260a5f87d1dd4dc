import { verify } from 'node:crypto';
import { tokenError } from '../../errors/errors.js';
import type { SigningKey } from '../../keys/jwk-import.js';
import type { CompactToken } from '../parse-compact.js';

/**
 * The `signature` check: RSASSA-PKCS1-v1_5 with SHA-256, synchronous node:crypto on a KeyObject
 * imported once (no PEM per request, no thread-pool hop). The signature must be exactly as long
 * as the modulus (RFC 8017 §8.2.2), which also refuses leading zero bytes and truncation.
 */
export function checkSignature(token: CompactToken, key: SigningKey): void {
  let valid = false;
  if (token.signature.length === key.modulusBytes) {
    try {
      valid = verify('sha256', Buffer.from(token.signingInput, 'latin1'), key.key, token.signature);
    } catch {
      valid = false;
    }
  }
  if (!valid) throw tokenError('EG_SIGNATURE_INVALID', 'signature does not verify with the named key', { check: 'signature' });
}
