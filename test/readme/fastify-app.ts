import Fastify from 'fastify';
import { entraGuardPlugin, requireScopesOrAppPermissions, requireTenant, requireUserRoles } from '@entra-guard/fastify';
import type { EntraGuardOptions } from '@entra-guard/core';

export async function ordersApp(entra: EntraGuardOptions) {
  const app = Fastify();
  await app.register(entraGuardPlugin, entra); // every route below needs a valid Entra access token
  app.get('/orders', { preHandler: app.entraGuard.require(requireScopesOrAppPermissions('Orders.Read', 'Orders.Read.All')) }, async (req) => ({ caller: req.auth?.objectId }));
  app.get<{ Params: { tenantId: string } }>('/tenants/:tenantId/orders', { preHandler: app.entraGuard.require(requireTenant('tenantId')) }, async (req) => ({ tenant: req.params.tenantId }));
  app.delete('/orders/:id', { preHandler: app.entraGuard.require(requireUserRoles('Orders.Admin')) }, async (_req, reply) => reply.code(204).send());
  return app;
}
