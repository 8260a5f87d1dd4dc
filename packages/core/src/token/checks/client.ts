import type { ResolvedOptions } from '../../config/resolve-options.js';
import { tokenError } from '../../errors/errors.js';

/** The calling application, as the `client` check read it. */
export interface ClientResult {
  readonly clientId: string;
  /** 0 public, 1 secret, 2 certificate; undefined when the token does not say. */
  readonly clientAuth: 0 | 1 | 2 | undefined;
}

// A Map, not an object literal: "constructor" or "__proto__" must not look like a strength.
const ACR: ReadonlyMap<unknown, 0 | 1 | 2> = new Map([
  ['0', 0],
  ['1', 1],
  ['2', 2],
]);

/**
 * The `client` check: a v2 access token names its client in `azp` (and has no `appid`), a v1
 * token in `appid` (and has no `azp`). ID tokens have neither, which is what refuses them.
 * Then the client allow-list and the minimum client authentication strength.
 */
export function checkClient(claims: Readonly<Record<string, unknown>>, version: '1.0' | '2.0', options: ResolvedOptions): ClientResult {
  const [idClaim, otherClaim, acrClaim] = version === '2.0' ? ['azp', 'appid', 'azpacr'] : ['appid', 'azp', 'appidacr'];
  const clientId = claims[idClaim];
  if (typeof clientId !== 'string' || clientId.length === 0 || claims[otherClaim] !== undefined) {
    throw tokenError('EG_NOT_ACCESS_TOKEN', `a v${version} access token names its client in "${idClaim}" only`, { check: 'client' });
  }
  const rawAcr = claims[acrClaim];
  const clientAuth = ACR.get(rawAcr);
  if (rawAcr !== undefined && clientAuth === undefined) {
    throw tokenError('EG_TOKEN_SHAPE_INVALID', `"${acrClaim}" is not "0", "1" or "2"`, { check: 'client' });
  }
  if (options.allowedClients !== undefined && !options.allowedClients.has(clientId)) {
    throw tokenError('EG_CLIENT_NOT_ALLOWED', 'client application is not in allowedClients', { check: 'client' });
  }
  if (options.minClientAuth > 0 && (clientAuth === undefined || clientAuth < options.minClientAuth)) {
    throw tokenError('EG_CLIENT_AUTH_TOO_WEAK', 'client authentication is weaker than minClientAuth', { check: 'client' });
  }
  return { clientId, clientAuth };
}
