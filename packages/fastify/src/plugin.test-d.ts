import type { EntraGuard, Principal } from '@entra-guard/core';
import Fastify, { type FastifyRequest, type preHandlerAsyncHookHandler } from 'fastify';
import { describe, expectTypeOf, it } from 'vitest';
import entraGuardDefault, { entraGuardPlugin, requireScopes, type EntraGuardPluginOptions, type Policy } from './index.js';

const app = Fastify();

describe('augmentation', () => {
  it('request.auth is Principal | null', () => {
    expectTypeOf<FastifyRequest['auth']>().toEqualTypeOf<Principal | null>();
    app.get('/x', async (request) => {
      expectTypeOf(request.auth).toEqualTypeOf<Principal | null>();
      if (request.auth?.kind === 'user') expectTypeOf(request.auth.objectId).toEqualTypeOf<string>();
      return {};
    });
  });
  it('app.entraGuard has the guard and require()', () => {
    expectTypeOf(app.entraGuard.guard).toEqualTypeOf<EntraGuard>();
    expectTypeOf(app.entraGuard.require).parameter(0).toEqualTypeOf<Policy>();
    expectTypeOf(app.entraGuard.require(requireScopes('Orders.Read'))).toEqualTypeOf<preHandlerAsyncHookHandler>();
  });
  it('require() accepts a Policy and rejects a string', () => {
    app.entraGuard.require(requireScopes('Orders.Read'));
    // @ts-expect-error a scope name is not a policy
    app.entraGuard.require('Orders.Read');
    // @ts-expect-error neither is nothing
    app.entraGuard.require();
  });
  it('the hook fits preHandler, also on routes with typed params', () => {
    app.get('/orders', { preHandler: app.entraGuard.require(requireScopes('Orders.Read')) }, async () => ({}));
    app.get<{ Params: { tenantId: string } }>('/t/:tenantId', { preHandler: [app.entraGuard.require(requireScopes('Orders.Read'))] }, async (request) => {
      expectTypeOf(request.params.tenantId).toEqualTypeOf<string>();
      return {};
    });
  });
  it('route config takes entraGuard.optional as a boolean', () => {
    app.get('/public', { config: { entraGuard: { optional: true } } }, async () => ({}));
    // @ts-expect-error optional is a boolean
    app.get('/bad', { config: { entraGuard: { optional: 'yes' } } }, async () => ({}));
  });
});

describe('registration', () => {
  it('takes guard options or a guard, plus adapter options', async () => {
    await app.register(entraGuardPlugin, { clientId: 'c', tenancy: { mode: 'single', tenantId: 't' }, optional: true, realm: 'api' });
    await app.register(entraGuardPlugin, { guard: app.entraGuard.guard, allowTokensWithoutPermissions: true });
    await app.register(entraGuardDefault, { guard: app.entraGuard.guard });
    expectTypeOf<{ guard: EntraGuard; protectedResource: { resource: string; authorizationServers: string[] } }>().toExtend<EntraGuardPluginOptions>();
  });
  it('refuses options that are neither', async () => {
    // @ts-expect-error no guard and no clientId/tenancy
    await app.register(entraGuardPlugin, { optional: true });
    // @ts-expect-error optional is a boolean
    await app.register(entraGuardPlugin, { guard: app.entraGuard.guard, optional: 'yes' });
  });
});
