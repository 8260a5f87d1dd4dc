import { isLowerCaseGuid, PERSONAL_ACCOUNT_TENANT } from '../../config/guid.js';
import type { ResolvedOptions } from '../../config/resolve-options.js';
import { tokenError } from '../../errors/errors.js';
import { TENANT_TEMPLATE, type IssuerTemplates } from '../../keys/metadata.js';

/** What the `issuer` check established. */
export interface IssuerResult {
  readonly version: '1.0' | '2.0';
  readonly tenantId: string;
  readonly issuer: string;
}

type IssuerCode = 'EG_TOKEN_VERSION_REFUSED' | 'EG_ISSUER_INVALID' | 'EG_TENANT_INVALID' | 'EG_TENANT_NOT_ALLOWED' | 'EG_PERSONAL_ACCOUNT_REFUSED';

function fail(code: IssuerCode, detail: string): never {
  throw tokenError(code, detail, { check: 'issuer' });
}

/** The tenant path segment of an Entra issuer: `https://host/{tenant}/...`. */
function tenantSegment(issuer: string): string | undefined {
  const afterScheme = issuer.indexOf('//');
  const start = issuer.indexOf('/', afterScheme + 2);
  if (afterScheme < 0 || start < 0) return undefined;
  const end = issuer.indexOf('/', start + 1);
  return end < 0 ? undefined : issuer.slice(start + 1, end);
}

/**
 * The `issuer` check (version, issuer, tenant): `ver` is an accepted version; `tid` is a
 * lower-case GUID; `iss` equals, as a string, the issuer of that version's metadata with
 * `{tenantid}` replaced by `tid`; the issuer's tenant segment is `tid`; the personal-account
 * tenant only when allowed.
 */
export function checkIssuer(claims: Readonly<Record<string, unknown>>, issuers: IssuerTemplates, options: ResolvedOptions): IssuerResult {
  const ver = claims.ver;
  if (ver !== '1.0' && ver !== '2.0') fail('EG_TOKEN_VERSION_REFUSED', '"ver" is not "1.0" or "2.0"');
  if (!options.acceptedVersions.has(ver)) fail('EG_TOKEN_VERSION_REFUSED', `version ${ver} tokens are not accepted`);
  const template = issuers[ver];
  if (template === undefined) fail('EG_TOKEN_VERSION_REFUSED', `version ${ver} metadata is not loaded`);
  const tid = claims.tid;
  if (!isLowerCaseGuid(tid)) fail('EG_TENANT_INVALID', '"tid" is missing or not a lower-case GUID');
  // A single-tenant issuer names its tenant: say "wrong tenant", not "wrong issuer".
  if (options.tenancy.mode === 'single' && tid !== options.tenancy.tenantId) {
    fail('EG_TENANT_NOT_ALLOWED', '"tid" is not the configured tenant');
  }
  const iss = claims.iss;
  if (typeof iss !== 'string') fail('EG_ISSUER_INVALID', '"iss" is missing or not a string');
  const expected = template.replace(TENANT_TEMPLATE, tid);
  if (iss !== expected) fail('EG_ISSUER_INVALID', `"iss" is not the v${ver} issuer of the token's tenant`);
  if (tenantSegment(iss) !== tid) fail('EG_TENANT_INVALID', '"tid" is not the tenant of "iss"');
  if (tid === PERSONAL_ACCOUNT_TENANT && !options.allowPersonalAccounts) {
    fail('EG_PERSONAL_ACCOUNT_REFUSED', 'token is from the personal-account tenant');
  }
  return { version: ver, tenantId: tid, issuer: iss };
}
