import type { ApplicationConfig, UserConfig } from '../tenants/config-types.js';
import type { Directory, Tenant } from '../tenants/directory.js';
import type { JsonObject } from './jwt.js';

/**
 * The `groups` claim, or its overage form above the directory's limit (emulator spec §3.3),
 * when the resource's `groupMembershipClaims` asks for groups.
 */
export function groupClaims(directory: Directory, tenantId: string, user: UserConfig, resource: ApplicationConfig, version: 1 | 2): JsonObject {
  const setting = resource.groupMembershipClaims ?? 'None';
  if (!['SecurityGroup', 'All', 'ApplicationGroup'].includes(setting)) return {};
  const groups = user.groups ?? [];
  if (groups.length === 0) return {};
  if (groups.length <= directory.groupsOverageLimit) return { groups: [...groups] };
  // Real v1 tokens point at Azure AD Graph, v2 tokens at Microsoft Graph.
  const endpoint =
    version === 1
      ? `https://graph.windows.net/${tenantId}/users/${user.oid}/getMemberObjects`
      : `https://graph.microsoft.com/v1.0/users/${user.oid}/getMemberObjects`;
  return { _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint } } };
}

/** `wids`: directory role templates, emitted when the resource asks for directory roles. */
export function widsClaim(user: UserConfig, resource: ApplicationConfig): JsonObject {
  const setting = resource.groupMembershipClaims ?? 'None';
  const asked = setting === 'All' || setting === 'DirectoryRole' || (resource.optionalClaims?.accessToken ?? []).includes('wids');
  return asked && (user.directoryRoles ?? []).length > 0 ? { wids: [...(user.directoryRoles ?? [])] } : {};
}

/** A guest's `idp` (the home tenant's v1 issuer form) and, when configured, `acct` (0 member, 1 guest). */
export function guestClaims(user: UserConfig, v1IssuerOrigin: string, optional: readonly string[]): JsonObject {
  return {
    idp: user.homeTenantId === undefined ? undefined : `${v1IssuerOrigin}/${user.homeTenantId}/`,
    acct: optional.includes('acct') ? (user.homeTenantId === undefined ? 0 : 1) : undefined,
  };
}

/** The home account behind `client_info`: a guest's home tenant user when the directory has it. */
export function homeAccount(directory: Directory, tenant: Tenant, user: UserConfig): { readonly oid: string; readonly tid: string } {
  if (user.homeTenantId === undefined) return { oid: user.oid, tid: tenant.id };
  const name = (user.signInName ?? user.upn).toLowerCase();
  const home = directory.tenant(user.homeTenantId)?.users.find((u) => u.upn.toLowerCase() === name);
  return home === undefined ? { oid: user.oid, tid: tenant.id } : { oid: home.oid, tid: user.homeTenantId };
}

/** `client_info`: base64url (no padding) of `{"uid","utid"}`, what MSAL builds `homeAccountId` from. */
export function clientInfo(account: { readonly oid: string; readonly tid: string }): string {
  return Buffer.from(JSON.stringify({ uid: account.oid, utid: account.tid })).toString('base64url');
}

/** A few optional claims Entra can add on request (`optionalClaims`), for the user. */
export function optionalUserClaims(user: UserConfig, tenant: Tenant, optional: readonly string[], version: 1 | 2, sessionId: string | undefined): JsonObject {
  const has = (n: string): boolean => optional.includes(n);
  return {
    email: has('email') ? user.email : undefined,
    upn: has('upn') && version === 2 ? user.upn : undefined,
    given_name: has('given_name') && version === 2 ? user.givenName : undefined,
    family_name: has('family_name') && version === 2 ? user.familyName : undefined,
    ipaddr: has('ipaddr') && version === 2 ? '127.0.0.1' : undefined,
    sid: has('sid') ? sessionId : undefined,
    tenant_region_scope: has('tenant_region_scope') ? tenant.regionScope : undefined,
    ctry: has('ctry') ? 'US' : undefined,
  };
}
