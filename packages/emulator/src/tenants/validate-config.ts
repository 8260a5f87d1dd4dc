import { X509Certificate } from 'node:crypto';
import type { EmulatorConfig } from './config-types.js';
import { checkReferences } from './validate-references.js';
import { ShapeCheck } from './shape-check.js';

/** Thrown by {@link validateConfig}; `problems` lists every issue with its JSON path. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid emulator configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const TENANT_KEYS = ['id', 'displayName', 'domains', 'regionScope', 'regionSubScope', 'users', 'groups', 'applications', 'servicePrincipals'];
const USER_KEYS = ['oid', 'upn', 'name', 'givenName', 'familyName', 'email', 'password', 'signInName', 'homeTenantId', 'groups', 'appRoles', 'directoryRoles', 'amr'];
const APP_KEYS = [
  'appId', 'displayName', 'servicePrincipalId', 'identifierUris', 'accessTokenAcceptedVersion', 'signInAudience', 'scopes', 'appRoles',
  'appRoleAssignmentRequired', 'groupMembershipClaims', 'optionalClaims', 'secrets', 'certificates', 'redirectUris', 'isPublicClient',
  'implicitGrant', 'consent', 'grants',
];

function checkUser(c: ShapeCheck, value: unknown, path: string): void {
  const u = c.object(value, path);
  if (u === undefined) return;
  c.known(u, USER_KEYS, path);
  c.guid(u.oid, `${path}.oid`);
  c.string(u.upn, `${path}.upn`);
  c.string(u.name, `${path}.name`);
  c.string(u.password, `${path}.password`);
  for (const k of ['givenName', 'familyName', 'email', 'signInName']) c.optionalString(u[k], `${path}.${k}`);
  if (u.homeTenantId !== undefined) c.guid(u.homeTenantId, `${path}.homeTenantId`);
  c.array(u.groups, `${path}.groups`, (g, p) => c.guid(g, p));
  c.stringListMap(u.appRoles, `${path}.appRoles`, (k, p) => c.guid(k, p));
  c.array(u.directoryRoles, `${path}.directoryRoles`, (g, p) => c.guid(g, p));
  c.stringArray(u.amr, `${path}.amr`);
}

function checkUrl(c: ShapeCheck, value: unknown, path: string): void {
  if (!c.string(value, path)) return;
  if (!URL.canParse(value)) c.fail(path, 'must be an absolute URL');
}

function checkGrants(c: ShapeCheck, value: unknown, path: string): void {
  if (value === undefined) return;
  const g = c.object(value, path);
  if (g === undefined) return;
  c.known(g, ['appRoles', 'delegated'], path);
  c.stringListMap(g.appRoles, `${path}.appRoles`, (k, p) => c.guid(k, p));
  c.stringListMap(g.delegated, `${path}.delegated`, (k, p) => c.guid(k, p));
}

function checkApp(c: ShapeCheck, value: unknown, path: string): void {
  const a = c.object(value, path);
  if (a === undefined) return;
  c.known(a, APP_KEYS, path);
  c.guid(a.appId, `${path}.appId`);
  c.string(a.displayName, `${path}.displayName`);
  if (a.servicePrincipalId !== undefined) c.guid(a.servicePrincipalId, `${path}.servicePrincipalId`);
  c.stringArray(a.identifierUris, `${path}.identifierUris`);
  c.oneOf(a.accessTokenAcceptedVersion, [1, 2, null], `${path}.accessTokenAcceptedVersion`);
  c.oneOf(a.signInAudience, ['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount'], `${path}.signInAudience`);
  c.stringArray(a.scopes, `${path}.scopes`);
  c.array(a.appRoles, `${path}.appRoles`, (r, p) => {
    const role = c.object(r, p);
    if (role === undefined) return;
    c.string(role.value, `${p}.value`);
    if (!Array.isArray(role.allowedMemberTypes) || role.allowedMemberTypes.length === 0) c.fail(`${p}.allowedMemberTypes`, 'must be a non-empty array');
    c.array(role.allowedMemberTypes, `${p}.allowedMemberTypes`, (t, tp) => c.oneOf(t, ['User', 'Application'], tp));
  });
  c.boolean(a.appRoleAssignmentRequired, `${path}.appRoleAssignmentRequired`);
  c.oneOf(a.groupMembershipClaims, ['None', 'SecurityGroup', 'All', 'DirectoryRole', 'ApplicationGroup', null], `${path}.groupMembershipClaims`);
  if (a.optionalClaims !== undefined) {
    const o = c.object(a.optionalClaims, `${path}.optionalClaims`);
    if (o !== undefined) {
      c.stringArray(o.accessToken, `${path}.optionalClaims.accessToken`);
      c.stringArray(o.idToken, `${path}.optionalClaims.idToken`);
    }
  }
  c.array(a.secrets, `${path}.secrets`, (s, p) => {
    const secret = c.object(s, p);
    if (secret === undefined) return;
    c.string(secret.value, `${p}.value`);
    if (secret.expires != null && (typeof secret.expires !== 'string' || Number.isNaN(Date.parse(secret.expires)))) c.fail(`${p}.expires`, 'must be an ISO date or null');
  });
  c.array(a.certificates, `${path}.certificates`, (s, p) => {
    const cert = c.object(s, p);
    if (cert === undefined || !c.string(cert.pem, `${p}.pem`)) return;
    try {
      new X509Certificate(cert.pem);
    } catch {
      c.fail(`${p}.pem`, 'is not a PEM certificate');
    }
  });
  if (a.redirectUris !== undefined) {
    const r = c.object(a.redirectUris, `${path}.redirectUris`);
    if (r !== undefined) {
      c.known(r, ['web', 'spa', 'publicClient'], `${path}.redirectUris`);
      for (const k of ['web', 'spa', 'publicClient']) c.array(r[k], `${path}.redirectUris.${k}`, (u, p) => checkUrl(c, u, p));
    }
  }
  c.boolean(a.isPublicClient, `${path}.isPublicClient`);
  c.oneOf(a.consent, ['auto', 'required'], `${path}.consent`);
  checkGrants(c, a.grants, `${path}.grants`);
}

function checkTenant(c: ShapeCheck, value: unknown, path: string): void {
  const t = c.object(value, path);
  if (t === undefined) return;
  c.known(t, TENANT_KEYS, path);
  c.guid(t.id, `${path}.id`);
  if (!Array.isArray(t.domains) || t.domains.length === 0) c.fail(`${path}.domains`, 'must list at least one domain');
  c.stringArray(t.domains, `${path}.domains`);
  c.optionalString(t.displayName, `${path}.displayName`);
  c.optionalString(t.regionScope, `${path}.regionScope`);
  c.optionalString(t.regionSubScope, `${path}.regionSubScope`);
  c.array(t.users, `${path}.users`, (u, p) => checkUser(c, u, p));
  c.array(t.groups, `${path}.groups`, (g, p) => {
    const group = c.object(g, p);
    if (group === undefined) return;
    c.guid(group.id, `${p}.id`);
    c.string(group.displayName, `${p}.displayName`);
    c.stringListMap(group.appRoles, `${p}.appRoles`, (k, kp) => c.guid(k, kp));
  });
  c.array(t.applications, `${path}.applications`, (a, p) => checkApp(c, a, p));
  c.array(t.servicePrincipals, `${path}.servicePrincipals`, (s, p) => {
    const sp = c.object(s, p);
    if (sp === undefined) return;
    c.guid(sp.appId, `${p}.appId`);
    if (sp.objectId !== undefined) c.guid(sp.objectId, `${p}.objectId`);
    checkGrants(c, sp.grants, `${p}.grants`);
  });
}

/**
 * Checks a configuration read from JSON (or passed by JavaScript callers) and returns it typed.
 * Shape first; the cross references (groups, roles, grants, service principals) only when the
 * shape is sound. Throws {@link ConfigError} with every problem found.
 */
export function validateConfig(input: unknown): EmulatorConfig {
  const c = new ShapeCheck();
  const root = c.object(input, 'config');
  if (root !== undefined) {
    c.known(root, ['tenants', 'groupsOverageLimit', '$schema'], 'config');
    if (!Array.isArray(root.tenants) || root.tenants.length === 0) c.fail('config.tenants', 'must list at least one tenant');
    c.array(root.tenants, 'config.tenants', (t, p) => checkTenant(c, t, p));
    const limit = root.groupsOverageLimit;
    if (limit !== undefined && (!Number.isInteger(limit) || (limit as number) < 0)) c.fail('config.groupsOverageLimit', 'must be a non-negative integer');
  }
  if (c.problems.length === 0) checkReferences(c, input as EmulatorConfig);
  if (c.problems.length > 0) throw new ConfigError(c.problems);
  return input as EmulatorConfig;
}
