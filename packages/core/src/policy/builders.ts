import type { MatchMode, Policy, TenantSource } from './policy.js';

/** Options of the list-based policy builders. */
export interface MatchOptions {
  /** `any` (default): one of the values suffices; `all`: every value is needed. */
  readonly match?: MatchMode;
}

// A policy that requires nothing would allow everything: refuse to build it.
function values(input: string | readonly string[], builder: string): readonly string[] {
  const list = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(list) || list.length === 0) throw new TypeError(`${builder}() needs at least one value`);
  for (const v of list) {
    if (typeof v !== 'string' || v.length === 0 || /\s/.test(v)) throw new TypeError(`${builder}() values must be non-empty strings without spaces`);
  }
  return Object.freeze([...new Set(list)]);
}

function match(options: MatchOptions | undefined, builder: string): MatchMode {
  const m = options?.match ?? 'any';
  if (m !== 'any' && m !== 'all') throw new TypeError(`${builder}() option "match" must be "any" or "all"`);
  return m;
}

/** Delegated permissions (`scp`) of a user token. Any one of them by default. */
export function requireScopes(scopes: string | readonly string[], options?: MatchOptions): Policy {
  return Object.freeze({ kind: 'scopes', values: values(scopes, 'requireScopes'), match: match(options, 'requireScopes') });
}

/** Application permissions (`roles`) of an app-only token. User tokens never satisfy it. */
export function requireAppPermissions(permissions: string | readonly string[], options?: MatchOptions): Policy {
  return Object.freeze({ kind: 'app-permissions', values: values(permissions, 'requireAppPermissions'), match: match(options, 'requireAppPermissions') });
}

/** App roles assigned to the signed-in user (`roles` in a delegated token). App tokens never satisfy it. */
export function requireUserRoles(roles: string | readonly string[], options?: MatchOptions): Policy {
  return Object.freeze({ kind: 'user-roles', values: values(roles, 'requireUserRoles'), match: match(options, 'requireUserRoles') });
}

/**
 * One of the scopes for users, or one of the application permissions for apps: the
 * Microsoft.Identity.Web pattern, without accepting a user's roles as application permissions.
 */
export function requireScopesOrAppPermissions(scopes: string | readonly string[], permissions: string | readonly string[]): Policy {
  return Object.freeze({
    kind: 'scopes-or-app-permissions',
    scopes: values(scopes, 'requireScopesOrAppPermissions'),
    permissions: values(permissions, 'requireScopesOrAppPermissions'),
  });
}

/** Group object ids (`groups`). A token with a groups overage is refused with its own reason. */
export function requireGroups(groups: string | readonly string[], options?: MatchOptions): Policy {
  return Object.freeze({ kind: 'groups', values: values(groups, 'requireGroups'), match: match(options, 'requireGroups') });
}

/**
 * Tenant isolation: the tenant a request is about (a route parameter by name, or a function of
 * the request) must be the caller's tenant.
 */
export function requireTenant(source: string | TenantSource): Policy {
  if (typeof source === 'string') {
    if (source.length === 0) throw new TypeError('requireTenant() needs a route parameter name');
    return Object.freeze({ kind: 'tenant', source: Object.freeze({ param: source }) });
  }
  if (typeof source === 'function' || (typeof source === 'object' && source !== null && typeof source.param === 'string')) {
    return Object.freeze({ kind: 'tenant', source });
  }
  throw new TypeError('requireTenant() needs a route parameter name or a function');
}

/** Step-up: every listed authentication context (`acrs`, e.g. `c1`) must have been satisfied. */
export function requireAuthContext(contexts: string | readonly string[]): Policy {
  const list = values(contexts, 'requireAuthContext');
  for (const c of list) if (!/^c([1-9]|1\d|2[0-5])$/.test(c)) throw new TypeError('requireAuthContext() values are "c1" to "c25"');
  return Object.freeze({ kind: 'auth-context', values: list });
}

function policies(list: readonly Policy[], builder: string): readonly Policy[] {
  if (list.length === 0) throw new TypeError(`${builder}() needs at least one policy`);
  for (const p of list) if (typeof p !== 'object' || p === null || typeof p.kind !== 'string') throw new TypeError(`${builder}() takes policies`);
  return Object.freeze([...list]);
}

/** Every policy must allow. */
export function allOf(...list: Policy[]): Policy {
  return Object.freeze({ kind: 'all-of', policies: policies(list, 'allOf') });
}

/** At least one policy must allow. */
export function anyOf(...list: Policy[]): Policy {
  return Object.freeze({ kind: 'any-of', policies: policies(list, 'anyOf') });
}
