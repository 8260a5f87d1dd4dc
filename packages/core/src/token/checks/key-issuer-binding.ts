import { tokenError } from '../../errors/errors.js';
import type { SigningKey } from '../../keys/jwk-import.js';
import { TENANT_TEMPLATE, type IssuerTemplates } from '../../keys/metadata.js';

/**
 * The `key-issuer` check (Microsoft's rule since Storm-0558): a key that names an issuer may
 * sign only for that issuer, after `{tenantid}` substitution. v1 tokens are compared in the v2
 * form of their tenant, since only v2 key sets name issuers.
 */
export function checkKeyIssuerBinding(key: SigningKey, tenantId: string, issuers: IssuerTemplates): void {
  if (key.issuer === undefined) return;
  const keyIssuer = key.issuer.replace(TENANT_TEMPLATE, tenantId);
  const tokenIssuerV2 = issuers['2.0'].replace(TENANT_TEMPLATE, tenantId);
  if (keyIssuer !== tokenIssuerV2) {
    throw tokenError('EG_KEY_ISSUER_MISMATCH', 'signing key is bound to another issuer', { check: 'key-issuer' });
  }
}
