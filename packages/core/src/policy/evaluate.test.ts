import { describe, expect, it } from 'vitest';
import {
  allOf,
  anyOf,
  requireAppPermissions,
  requireAuthContext,
  requireGroups,
  requireScopes,
  requireScopesOrAppPermissions,
  requireTenant,
  requireUserRoles,
} from './builders.js';
import { evaluatePolicy } from './evaluate.js';
import type { Policy } from './policy.js';
import { app, OTHER_TENANT, TENANT, user, type Principal } from './principal.test-helper.js';

const allowed = (p: Policy, principal: Principal, ctx = {}) => evaluatePolicy(p, principal, ctx).allowed;

// The principals every policy is checked against: the same role value in a user and an app
// token must not be interchangeable (the Microsoft.Identity.Web flaw this library avoids).
const P = {
  userRead: user({ scopes: ['Orders.Read'] }),
  userWrite: user({ scopes: ['Orders.Write'] }),
  userReadAdmin: user({ scopes: ['Orders.Read'], roles: ['Orders.Admin', 'Orders.Read.All'] }),
  appReadAll: app({ roles: ['Orders.Read.All'] }),
  appAdmin: app({ roles: ['Orders.Admin'] }),
  appNothing: app({}),
};
type Name = keyof typeof P;

const table: ReadonlyArray<readonly [string, Policy, readonly Name[]]> = [
  ['requireScopes(Orders.Read)', requireScopes('Orders.Read'), ['userRead', 'userReadAdmin']],
  ['requireScopes any', requireScopes(['Orders.Read', 'Orders.Write']), ['userRead', 'userWrite', 'userReadAdmin']],
  ['requireScopes all', requireScopes(['Orders.Read', 'Orders.Write'], { match: 'all' }), []],
  ['requireAppPermissions(Orders.Read.All)', requireAppPermissions('Orders.Read.All'), ['appReadAll']],
  ['requireUserRoles(Orders.Admin)', requireUserRoles('Orders.Admin'), ['userReadAdmin']],
  ['requireScopesOrAppPermissions', requireScopesOrAppPermissions('Orders.Read', 'Orders.Read.All'), ['userRead', 'userReadAdmin', 'appReadAll']],
  ['requireScopesOrAppPermissions (user role is not an app permission)', requireScopesOrAppPermissions('Orders.Write', 'Orders.Read.All'), ['userWrite', 'appReadAll']],
  ['anyOf(userRole, appPermission)', anyOf(requireUserRoles('Orders.Admin'), requireAppPermissions('Orders.Admin')), ['userReadAdmin', 'appAdmin']],
  ['allOf(scope, userRole)', allOf(requireScopes('Orders.Read'), requireUserRoles('Orders.Admin')), ['userReadAdmin']],
];

describe('evaluatePolicy truth table', () => {
  for (const [title, policy, allowedFor] of table) {
    it(title, () => {
      for (const name of Object.keys(P) as Name[]) {
        expect({ name, allowed: allowed(policy, P[name]) }).toEqual({ name, allowed: allowedFor.includes(name) });
      }
    });
  }
});

describe('evaluatePolicy denials', () => {
  it('says what is missing', () => {
    const d = evaluatePolicy(requireScopes(['Orders.Write']), P.userRead);
    expect(d).toMatchObject({ allowed: false, denial: { requirement: 'scopes', required: ['Orders.Write'] } });
    const any = evaluatePolicy(anyOf(requireScopes('Orders.Write'), requireAppPermissions('Orders.ReadWrite.All')), P.appReadAll);
    expect(any).toMatchObject({ allowed: false, denial: { requirement: 'any-of', required: ['Orders.Write', 'Orders.ReadWrite.All'] } });
  });
  it('matches exactly, never by substring or case', () => {
    for (const scp of ['Orders.ReadWrite', 'Orders.Read.All', 'Orders.ReadX', 'xOrders.Read', 'orders.read']) {
      expect(allowed(requireScopes('Orders.Read'), user({ scopes: [scp] }))).toBe(false);
    }
  });
  it('refuses groups with a distinct reason on an overage', () => {
    expect(allowed(requireGroups('g1'), user({ groups: ['g1'] }))).toBe(true);
    expect(evaluatePolicy(requireGroups('g1'), user({ groups: ['g2'] }))).toMatchObject({ allowed: false, denial: { requirement: 'groups' } });
    expect(evaluatePolicy(requireGroups('g1'), user({ overage: true }))).toMatchObject({ allowed: false, denial: { groupsOverage: true } });
    expect(allowed(requireGroups(['g1', 'g2'], { match: 'all' }), user({ groups: ['g1'] }))).toBe(false);
  });
  it('isolates tenants by route parameter or function', () => {
    const byParam = requireTenant('tenantId');
    expect(allowed(byParam, P.userRead, { params: { tenantId: TENANT } })).toBe(true);
    expect(allowed(byParam, P.userRead, { params: { tenantId: TENANT.toUpperCase() } })).toBe(true);
    expect(allowed(byParam, P.userRead, { params: { tenantId: OTHER_TENANT } })).toBe(false);
    expect(allowed(byParam, P.userRead, { params: {} })).toBe(false);
    expect(allowed(byParam, P.appReadAll, { params: { tenantId: OTHER_TENANT } })).toBe(false);
    const byFn = requireTenant((ctx) => (ctx.request as { tenant?: string }).tenant);
    expect(allowed(byFn, P.userRead, { request: { tenant: TENANT } })).toBe(true);
    expect(allowed(byFn, P.userRead, { request: {} })).toBe(false);
  });
  it('asks for the missing authentication contexts', () => {
    expect(allowed(requireAuthContext('c1'), user({ acrs: ['c1', 'c2'] }))).toBe(true);
    expect(evaluatePolicy(requireAuthContext(['c1', 'c2']), user({ acrs: ['c2'] }))).toMatchObject({ allowed: false, denial: { authContexts: ['c1'] } });
  });
});

describe('policy builders', () => {
  it.each([
    ['empty scopes', () => requireScopes([])],
    ['empty string', () => requireScopes('')],
    ['space in a value', () => requireScopes('Orders.Read Orders.Write')],
    ['bad match', () => requireScopes('a', { match: 'some' as 'any' })],
    ['empty permissions', () => requireAppPermissions([])],
    ['empty roles', () => requireUserRoles([])],
    ['empty groups', () => requireGroups([])],
    ['empty or-list', () => requireScopesOrAppPermissions([], 'x')],
    ['bad auth context', () => requireAuthContext('c26')],
    ['empty tenant parameter', () => requireTenant('')],
    ['allOf()', () => allOf()],
    ['anyOf()', () => anyOf()],
  ])('refuses to build a policy with %s', (_n, build) => {
    expect(build).toThrow(TypeError);
  });
  it('builds frozen data', () => {
    const p = requireScopes(['a', 'a', 'b']);
    expect(p).toEqual({ kind: 'scopes', values: ['a', 'b'], match: 'any' });
    expect(Object.isFrozen(p)).toBe(true);
  });
});

describe('isPolicy', () => {
  it('recognises built policies and refuses anything else', async () => {
    const { isPolicy } = await import('./evaluate.js');
    expect(isPolicy(requireScopes('a'))).toBe(true);
    expect(isPolicy(anyOf(requireScopes('a')))).toBe(true);
    expect(isPolicy({ kind: 'everything' })).toBe(false);
    expect(isPolicy('Orders.Read')).toBe(false);
    expect(() => evaluatePolicy({ kind: 'everything' } as unknown as Policy, P.userRead)).toThrow(TypeError);
  });
});
