import express from 'express';
import { entraAuth, requireScopesOrAppPermissions, requireTenant, requireUserRoles } from '@entra-guard/express';
import type { EntraGuardOptions } from '@entra-guard/core';

export function ordersApp(entra: EntraGuardOptions) {
  const app = express();
  app.use(entraAuth(entra)); // every route below needs a valid Entra access token
  app.get('/orders', requireScopesOrAppPermissions('Orders.Read', 'Orders.Read.All'), (req, res) => res.json({ caller: req.auth?.objectId }));
  app.get('/tenants/:tenantId/orders', requireTenant('tenantId'), (req, res) => res.json({ tenant: req.params.tenantId }));
  app.delete('/orders/:id', requireUserRoles('Orders.Admin'), (_req, res) => res.status(204).end());
  return app;
}
