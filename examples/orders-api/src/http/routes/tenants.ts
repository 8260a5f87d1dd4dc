import { requireTenant } from '@entra-guard/express';
import { Router } from 'express';
import type { OrdersRepository } from '../../db/orders-repository.js';
import { canRead, listOrders } from './orders.js';

/**
 * GET /api/tenants/:tenantId/orders: the same listing, addressed by tenant. 403 unless
 * `:tenantId` is the caller's `tid`; the data then comes from the token's tenant, never the URL's.
 */
export function tenantsRouter(orders: OrdersRepository): Router {
  const router = Router();
  router.get('/tenants/:tenantId/orders', canRead, requireTenant('tenantId'), (req, res) => listOrders(orders, req, res));
  return router;
}
