import {
  allOf as coreAllOf,
  anyOf as coreAnyOf,
  MissingTokenError,
  publishRefusal,
  requireAppPermissions as coreRequireAppPermissions,
  requireAuthContext as coreRequireAuthContext,
  requireGroups as coreRequireGroups,
  requireScopes as coreRequireScopes,
  requireScopesOrAppPermissions as coreRequireScopesOrAppPermissions,
  requireTenant as coreRequireTenant,
  requireUserRoles as coreRequireUserRoles,
  type MatchOptions,
  type Policy,
  type PolicyContext,
  type Principal,
} from '@entra-guard/core';
import type { NextFunction, Request, Response } from 'express';
import { asMiddleware, type ExpressMiddleware } from './middleware-type.js';
import { requestState } from './request-state.js';
import { reportUnexpected, sendError } from './send-error.js';

/**
 * Route middleware enforcing one policy, carrying that policy as data so that {@link allOf} and
 * {@link anyOf} can compose it (and tools can explain a denial).
 *
 * @example
 * ```ts
 * const canRead = requireScopes('Orders.Read');
 * app.get('/orders', canRead, listOrders);
 * canRead.policy; // { kind: 'scopes', values: ['Orders.Read'], match: 'any' }
 * ```
 */
export interface PolicyMiddleware extends ExpressMiddleware {
  readonly policy: Policy;
}

/**
 * What a tenant function of {@link requireTenant} reads: the route parameters and the request.
 *
 * @example
 * ```ts
 * requireTenant((context) => context.request.get('x-tenant-id'));
 * ```
 */
export interface ExpressPolicyContext {
  readonly params: Request['params'];
  readonly request: Request;
}

/**
 * Where {@link requireTenant} finds the tenant a request is about.
 *
 * @example
 * ```ts
 * const byParam: ExpressTenantSource = { param: 'tenantId' };
 * const byQuery: ExpressTenantSource = (context) => String(context.request.query.tenant ?? '');
 * ```
 */
export type ExpressTenantSource = { readonly param: string } | ((context: ExpressPolicyContext, principal: Principal) => string | undefined);

function isPolicyMiddleware(value: unknown): value is PolicyMiddleware {
  return typeof value === 'function' && typeof (value as { policy?: unknown }).policy === 'object' && (value as { policy?: unknown }).policy !== null;
}

function toPolicy(item: Policy | PolicyMiddleware): Policy {
  return isPolicyMiddleware(item) ? item.policy : item;
}

/**
 * Enforces a core policy (plain data from `@entra-guard/core` builders) on a route. It needs
 * `entraAuth()` earlier on the request: without an authenticated caller it answers 401 (the same
 * challenge as a request without a token), otherwise 403 (or a claims challenge) naming what
 * was missing. Refusals are written directly, never passed to the app's error handler.
 *
 * @throws TypeError when `policy` is not a policy.
 * @example
 * ```ts
 * import { requireScopes as scopes, requireUserRoles as roles, allOf } from '@entra-guard/core';
 * app.delete('/orders/:id', requirePolicy(allOf(scopes('Orders.Write'), roles('Orders.Admin'))), deleteOrder);
 * ```
 */
export function requirePolicy(policy: Policy): PolicyMiddleware {
  if (typeof policy !== 'object' || policy === null || typeof policy.kind !== 'string') {
    throw new TypeError('requirePolicy() takes a policy, e.g. requireScopes("Orders.Read")');
  }
  const middleware = function entraPolicyMiddleware(req: Request, res: Response, next: NextFunction): void {
    const state = requestState(req);
    if (state?.principal === undefined) {
      const missing = new MissingTokenError('EG_REQUEST_MISSING_TOKEN', 'the route requires an authenticated caller', { check: 'policy' });
      publishRefusal(missing);
      sendError(res, missing, state?.http ?? {});
      return;
    }
    try {
      // The context every tenant function of this adapter receives (ExpressPolicyContext). Express 5
      // types a parameter as `string | string[]` (wildcards), core as a string: the cast is safe
      // because core refuses any route tenant that is not a string rather than reading it.
      const context: PolicyContext = { params: req.params as Readonly<Record<string, string | undefined>>, request: req };
      state.guard.authorize(state.principal, policy, context);
    } catch (error) {
      reportUnexpected(state.report, error);
      sendError(res, error, state.http);
      return;
    }
    next();
  };
  return asMiddleware(middleware, { policy });
}

/**
 * Delegated permissions (`scp`) of a user token: any one of them, or all with `{ match: 'all' }`.
 * App-only tokens never satisfy it.
 *
 * @example
 * ```ts
 * app.get('/orders', requireScopes('Orders.Read'), listOrders);
 * app.post('/orders', requireScopes(['Orders.Read', 'Orders.Write'], { match: 'all' }), createOrder);
 * ```
 */
export function requireScopes(scopes: string | readonly string[], options?: MatchOptions): PolicyMiddleware {
  return requirePolicy(coreRequireScopes(scopes, options));
}

/**
 * Application permissions (`roles`) of an app-only token. User tokens never satisfy it.
 *
 * @example
 * ```ts
 * app.get('/export', requireAppPermissions('Orders.Read.All'), exportOrders);
 * ```
 */
export function requireAppPermissions(permissions: string | readonly string[], options?: MatchOptions): PolicyMiddleware {
  return requirePolicy(coreRequireAppPermissions(permissions, options));
}

/**
 * App roles assigned to the signed-in user (`roles` of a delegated token). App tokens never satisfy it.
 *
 * @example
 * ```ts
 * app.delete('/orders/:id', requireUserRoles('Orders.Admin'), deleteOrder);
 * ```
 */
export function requireUserRoles(roles: string | readonly string[], options?: MatchOptions): PolicyMiddleware {
  return requirePolicy(coreRequireUserRoles(roles, options));
}

/**
 * One of the scopes for user tokens, or one of the application permissions for app tokens
 * (a user's roles never count as application permissions).
 *
 * @example
 * ```ts
 * app.get('/orders', requireScopesOrAppPermissions('Orders.Read', 'Orders.Read.All'), listOrders);
 * ```
 */
export function requireScopesOrAppPermissions(scopes: string | readonly string[], permissions: string | readonly string[]): PolicyMiddleware {
  return requirePolicy(coreRequireScopesOrAppPermissions(scopes, permissions));
}

/**
 * Group object ids (`groups`). A token with a groups overage is refused (the URL in the token is
 * never fetched).
 *
 * @example
 * ```ts
 * app.get('/reports', requireGroups('11111111-0000-4000-8000-000000000001'), listReports);
 * ```
 */
export function requireGroups(groups: string | readonly string[], options?: MatchOptions): PolicyMiddleware {
  return requirePolicy(coreRequireGroups(groups, options));
}

/**
 * Tenant isolation: the tenant the request is about must be the caller's `tid`. Name a route
 * parameter, or give a function of `({ params, request }, principal)`.
 *
 * @example
 * ```ts
 * app.get('/tenants/:tenantId/orders', requireTenant('tenantId'), listTenantOrders);
 * app.get('/orders', requireTenant((context) => context.request.get('x-tenant-id')), listOrders);
 * ```
 */
export function requireTenant(source: string | ExpressTenantSource): PolicyMiddleware {
  if (typeof source !== 'function') return requirePolicy(coreRequireTenant(source));
  // requirePolicy() always evaluates with { params, request: req }, so the cast is what it receives.
  return requirePolicy(coreRequireTenant((context, principal) => source(context as ExpressPolicyContext, principal)));
}

/**
 * Step-up: every listed authentication context (`acrs`, `c1` … `c25`) must be satisfied. Clients
 * that handle claims challenges (`xms_cc` has `cp1`) get a 401 `insufficient_claims` challenge,
 * the others 403.
 *
 * @example
 * ```ts
 * app.get('/orders/export', requireAuthContext('c1'), exportOrders);
 * ```
 */
export function requireAuthContext(contexts: string | readonly string[]): PolicyMiddleware {
  return requirePolicy(coreRequireAuthContext(contexts));
}

/**
 * Every policy must allow. Takes this package's policy middleware or core policies.
 *
 * @example
 * ```ts
 * app.delete('/tenants/:tenantId/orders/:id', allOf(requireTenant('tenantId'), requireUserRoles('Orders.Admin')), deleteOrder);
 * ```
 */
export function allOf(...policies: (Policy | PolicyMiddleware)[]): PolicyMiddleware {
  return requirePolicy(coreAllOf(...policies.map(toPolicy)));
}

/**
 * At least one policy must allow. Takes this package's policy middleware or core policies.
 *
 * @example
 * ```ts
 * app.delete('/orders/:id', anyOf(requireUserRoles('Orders.Admin'), requireAppPermissions('Orders.ReadWrite.All')), deleteOrder);
 * ```
 */
export function anyOf(...policies: (Policy | PolicyMiddleware)[]): PolicyMiddleware {
  return requirePolicy(coreAnyOf(...policies.map(toPolicy)));
}
