import type { Principal } from '../principal/principal.js';
import type { Decision, Denial, MatchMode, Policy, PolicyContext } from './policy.js';

const ALLOWED: Decision = Object.freeze({ allowed: true });

function deny(denial: Denial): Decision {
  return { allowed: false, denial };
}

function matches(have: ReadonlySet<string>, wanted: readonly string[], mode: MatchMode): boolean {
  return mode === 'any' ? wanted.some((v) => have.has(v)) : wanted.every((v) => have.has(v));
}

function listed(wanted: readonly string[], mode: MatchMode): string {
  return `${mode === 'any' ? 'any of' : 'all of'} ${wanted.join(', ')}`;
}

function evaluateTenant(policy: Extract<Policy, { kind: 'tenant' }>, principal: Principal, context: PolicyContext): Decision {
  const source = policy.source;
  const raw = typeof source === 'function' ? source(context, principal) : context.params?.[source.param];
  if (typeof raw !== 'string' || raw.length === 0) {
    return deny({ requirement: 'tenant', reason: 'the request names no tenant', required: [] });
  }
  // Tenant ids are GUIDs; the route may spell one in upper case.
  if (raw.toLowerCase() !== principal.tenantId) {
    return deny({ requirement: 'tenant', reason: 'the request is about another tenant than the caller', required: [] });
  }
  return ALLOWED;
}

function evaluateAnyOf(list: readonly Policy[], principal: Principal, context: PolicyContext): Decision {
  const denials: Denial[] = [];
  for (const p of list) {
    const d = evaluatePolicy(p, principal, context);
    if (d.allowed) return d;
    denials.push(d.denial);
  }
  const authContexts = [...new Set(denials.flatMap((d) => d.authContexts ?? []))];
  return deny({
    requirement: 'any-of',
    reason: `none of ${denials.length} alternatives allowed: ${denials.map((d) => d.reason).join('; ')}`,
    required: [...new Set(denials.flatMap((d) => d.required))],
    ...(authContexts.length > 0 ? { authContexts } : {}),
    ...(denials.some((d) => d.groupsOverage) ? { groupsOverage: true } : {}),
    alternatives: denials,
  });
}

/**
 * Decides whether a principal satisfies a policy. Pure: no I/O, no exceptions for a denial;
 * the result says exactly what is missing.
 */
export function evaluatePolicy(policy: Policy, principal: Principal, context: PolicyContext = {}): Decision {
  switch (policy.kind) {
    case 'scopes':
      if (principal.kind === 'user' && matches(principal.scopes, policy.values, policy.match)) return ALLOWED;
      return deny({ requirement: 'scopes', reason: `needs a user token with ${listed(policy.values, policy.match)} in scp`, required: policy.values });
    case 'app-permissions':
      if (principal.kind === 'app' && matches(principal.roles, policy.values, policy.match)) return ALLOWED;
      return deny({
        requirement: 'app-permissions',
        reason: `needs an app-only token with ${listed(policy.values, policy.match)} in roles`,
        required: policy.values,
      });
    case 'user-roles':
      if (principal.kind === 'user' && matches(principal.roles, policy.values, policy.match)) return ALLOWED;
      return deny({ requirement: 'user-roles', reason: `needs a user assigned ${listed(policy.values, policy.match)}`, required: policy.values });
    case 'scopes-or-app-permissions': {
      const ok = principal.kind === 'user' ? matches(principal.scopes, policy.scopes, 'any') : matches(principal.roles, policy.permissions, 'any');
      if (ok) return ALLOWED;
      return deny({
        requirement: 'scopes-or-app-permissions',
        reason: `needs scp with any of ${policy.scopes.join(', ')} (users) or roles with any of ${policy.permissions.join(', ')} (apps)`,
        required: [...policy.scopes, ...policy.permissions],
      });
    }
    case 'groups':
      if (matches(principal.groups, policy.values, policy.match)) return ALLOWED;
      if (principal.hasGroupsOverage) {
        return deny({ requirement: 'groups', reason: 'the token has a groups overage: its groups must be read from Microsoft Graph', required: [], groupsOverage: true });
      }
      return deny({ requirement: 'groups', reason: `needs membership of ${listed(policy.values, policy.match)}`, required: [] });
    case 'tenant':
      return evaluateTenant(policy, principal, context);
    case 'auth-context': {
      const missing = policy.values.filter((c) => !principal.authContexts.has(c));
      if (missing.length === 0) return ALLOWED;
      return deny({ requirement: 'auth-context', reason: `needs authentication context ${missing.join(', ')}`, required: [], authContexts: missing });
    }
    case 'all-of':
      for (const p of policy.policies) {
        const d = evaluatePolicy(p, principal, context);
        if (!d.allowed) return d;
      }
      return ALLOWED;
    case 'any-of':
      return evaluateAnyOf(policy.policies, principal, context);
    default:
      // Reached only through untyped input: refuse to guess what an unknown policy means.
      throw new TypeError('evaluatePolicy() needs a policy built by the require* builders');
  }
}

const KINDS: ReadonlySet<string> = new Set([
  'scopes',
  'app-permissions',
  'user-roles',
  'scopes-or-app-permissions',
  'groups',
  'tenant',
  'auth-context',
  'all-of',
  'any-of',
]);

/** True for a value built by the policy builders (adapters use it to validate their input). */
export function isPolicy(value: unknown): value is Policy {
  return typeof value === 'object' && value !== null && KINDS.has((value as { kind?: unknown }).kind as string);
}
