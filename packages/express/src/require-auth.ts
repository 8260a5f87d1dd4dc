import { MissingTokenError, type Principal } from '@entra-guard/core';
import type { Request } from 'express';
import { requestState } from './request-state.js';

/**
 * The caller `entraAuth()` validated for this request, or an EntraGuardError (401, the challenge
 * of a request without a token) when there is none: an anonymous request let through by
 * `optional`, or a route mounted without `entraAuth()`. Render the error with
 * `entraErrorHandler()`. Reads what `entraAuth()` recorded, not `req.auth`, so nothing else
 * writing `req.auth` can stand in for a validated token.
 *
 * @throws MissingTokenError (`EG_REQUEST_MISSING_TOKEN`, status 401).
 * @example
 * ```ts
 * app.get('/me', (req, res) => {
 *   const { tenantId, objectId } = requireAuth(req);
 *   res.json({ tenantId, objectId });
 * });
 * app.use(entraErrorHandler());
 * ```
 */
export function requireAuth(req: Request): Principal {
  const principal = requestState(req)?.principal;
  if (principal === undefined) {
    throw new MissingTokenError('EG_REQUEST_MISSING_TOKEN', 'the handler requires an authenticated caller', { check: 'request' });
  }
  return principal;
}
