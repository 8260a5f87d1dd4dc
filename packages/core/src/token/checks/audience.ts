import type { ResolvedOptions } from '../../config/resolve-options.js';
import { tokenError } from '../../errors/errors.js';

const MICROSOFT_GRAPH = new Set(['00000003-0000-0000-c000-000000000000', 'https://graph.microsoft.com', 'https://graph.microsoft.com/']);

/** The `audience` check: `aud` is a single string equal to one configured audience. */
export function checkAudience(claims: Readonly<Record<string, unknown>>, options: ResolvedOptions): string {
  const aud = claims.aud;
  // Entra never issues an array audience; accepting one would let a token for several APIs in.
  if (typeof aud !== 'string') throw tokenError('EG_AUDIENCE_INVALID', '"aud" is missing or not a string', { check: 'audience' });
  if (!options.audiences.has(aud)) {
    if (MICROSOFT_GRAPH.has(aud)) {
      throw tokenError('EG_TOKEN_FOR_OTHER_RESOURCE', 'token is for Microsoft Graph', { check: 'audience' });
    }
    throw tokenError('EG_AUDIENCE_INVALID', '"aud" is not a configured audience', { check: 'audience' });
  }
  return aud;
}
