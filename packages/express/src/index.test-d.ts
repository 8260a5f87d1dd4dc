import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { expectTypeOf, test } from 'vitest';
import type { EntraGuard, Policy, Principal } from '@entra-guard/core';
import {
  allOf,
  anyOf,
  entraAuth,
  entraErrorHandler,
  protectedResourceHandler,
  requireAppPermissions,
  requireAuth,
  requireAuthContext,
  requireGroups,
  requirePolicy,
  requireScopes,
  requireScopesOrAppPermissions,
  requireTenant,
  requireUserRoles,
  type PolicyMiddleware,
} from './index.js';

declare const guard: EntraGuard;
declare const corePolicy: Policy;

test('req.auth is Principal | undefined in a handler after entraAuth', () => {
  const app = express();
  app.get('/me', entraAuth(guard), (req, res) => {
    expectTypeOf(req.auth).toEqualTypeOf<Principal | undefined>();
    expectTypeOf(requireAuth(req)).toEqualTypeOf<Principal>();
    if (req.auth?.kind === 'user') expectTypeOf(req.auth.objectId).toEqualTypeOf<string>();
    res.json({ ok: true });
  });
  // Route parameters keep their inferred types next to this package's middleware.
  app.get('/tenants/:tenantId', entraAuth(guard), requireTenant('tenantId'), anyOf(requireScopes('A')), (req) => {
    expectTypeOf(req.params.tenantId).toEqualTypeOf<string>();
  });
  const router = express.Router();
  router.use(entraAuth(guard), protectedResourceHandler({ resource: 'https://api', authorizationServers: ['https://a'] }));
  router.post('/orders/:id', requireScopes('Orders.Write'), (req) => {
    expectTypeOf(req.params.id).toEqualTypeOf<string>();
  });
  app.use('/api', router, entraErrorHandler());
});

test('the middleware types', () => {
  expectTypeOf(entraAuth(guard)).toExtend<RequestHandler>();
  expectTypeOf(entraAuth(guard).guard).toEqualTypeOf<EntraGuard>();
  expectTypeOf(entraAuth({ clientId: 'c', tenancy: { mode: 'single', tenantId: 't' } }, { optional: true })).toExtend<RequestHandler>();
  expectTypeOf(entraErrorHandler()).toEqualTypeOf<ErrorRequestHandler>();
  expectTypeOf(protectedResourceHandler({ resource: 'https://api', authorizationServers: ['https://a'] })).toExtend<RequestHandler>();
  expectTypeOf(requireScopes('Orders.Read')).toEqualTypeOf<PolicyMiddleware>();
  expectTypeOf(requireScopes('Orders.Read').policy).toEqualTypeOf<Policy>();
  expectTypeOf(anyOf(requireUserRoles('A'), requireAppPermissions('B'), corePolicy)).toEqualTypeOf<PolicyMiddleware>();
  expectTypeOf(allOf(corePolicy)).toEqualTypeOf<PolicyMiddleware>();
  expectTypeOf(requirePolicy(corePolicy)).toEqualTypeOf<PolicyMiddleware>();
  requireTenant((context, principal) => {
    expectTypeOf(context.request).toEqualTypeOf<express.Request>();
    expectTypeOf(principal).toEqualTypeOf<Principal>();
    return context.request.get('x-tenant-id');
  });
});

test('policy builders reject what is not a string', () => {
  // @ts-expect-error: scopes are strings
  requireScopes(123);
  // @ts-expect-error: not a list of strings
  requireScopes([1, 2]);
  // @ts-expect-error: app permissions are strings
  requireAppPermissions({ name: 'Orders.Read.All' });
  // @ts-expect-error: roles are strings
  requireUserRoles(null);
  // @ts-expect-error: group ids are strings
  requireGroups(42);
  // @ts-expect-error: both lists are required
  requireScopesOrAppPermissions('Orders.Read');
  // @ts-expect-error: a context is a string such as "c1"
  requireAuthContext(1);
  // @ts-expect-error: a parameter name or a function
  requireTenant(7);
  // @ts-expect-error: match is "any" or "all"
  requireScopes('Orders.Read', { match: 'some' });
  // @ts-expect-error: allOf takes policies, not strings
  allOf('Orders.Read');
  // @ts-expect-error: entraAuth adapter options are typed
  entraAuth(guard, { optional: 'yes' });
});

test('req.auth only holds a Principal', () => {
  const handler: RequestHandler = (req) => {
    // @ts-expect-error: only a Principal may be stored there
    req.auth = { kind: 'user' };
  };
  expectTypeOf(handler).toExtend<RequestHandler>();
});
