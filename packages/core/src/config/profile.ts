import { createHash, randomUUID } from 'node:crypto';
import type { ResolvedOptions } from './resolve-options.js';

/**
 * A fingerprint of everything that decides whether a token is valid. Cache keys include it, so
 * a token accepted by one API (or one configuration) is never a cache hit for another. A tenant
 * predicate cannot be fingerprinted, so a guard using one gets a profile of its own.
 */
export function validatorProfile(o: ResolvedOptions): string {
  const t = o.tenancy;
  const tenancy = t.mode === 'single' ? t.tenantId : t.mode === 'multi' ? [...t.tenants].sort() : t.mode === 'any-tenant' ? '*' : randomUUID();
  const keys = o.keys.kind === 'static' ? createHash('sha256').update(JSON.stringify(o.keys.jwks)).digest('hex') : 'remote';
  const fields = [
    o.clientId,
    [...o.audiences].sort(),
    t.mode,
    tenancy,
    o.cloud,
    [...o.acceptedVersions].sort(),
    o.clockSkewSeconds,
    o.maxTokenLifetimeSeconds,
    keys,
    o.allowedClients === undefined ? null : [...o.allowedClients].sort(),
    o.minClientAuth,
    o.guests,
    o.allowPersonalAccounts,
    o.acceptAtJwtType,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url');
}
