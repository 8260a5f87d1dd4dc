import { createHash } from 'node:crypto';
import { EntraError } from '../../errors/entra-error.js';

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** RFC 7636 check: AADSTS501491 for a malformed verifier, AADSTS501481 for a mismatch. */
export function checkPkce(challenge: string, method: 'S256' | 'plain', verifier: string | undefined): void {
  if (verifier === undefined) throw new EntraError('missingParameter', { name: 'code_verifier' });
  if (!VERIFIER.test(verifier)) throw new EntraError('pkceVerifierSize');
  const computed = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  if (computed !== challenge) throw new EntraError('pkceMismatch');
}
