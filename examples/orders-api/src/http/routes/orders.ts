// /api/orders: list, create, read, delete, and the step-up export.
import { allOf, anyOf, requireAppPermissions, requireAuth, requireAuthContext, requireScopesOrAppPermissions, requireUserRoles } from '@entra-guard/express';
import { Router, type Request, type Response } from 'express';
import type { Order, OrdersRepository } from '../../db/orders-repository.js';
import { ADMIN_ROLE, listScope, orderAccess, ownerKey, READ_ALL, READ_SCOPE, READ_WRITE_ALL, WRITE_SCOPE } from '../access.js';
import type { Audit } from '../audit.js';
import { sendProblem } from '../problem.js';
import { declaresJson, parseListQuery, parseNewOrder, parseUuid } from '../validation.js';

export interface OrdersRouteDeps {
  readonly orders: OrdersRepository;
  readonly audit: Audit | undefined;
}

export const canRead = requireScopesOrAppPermissions(READ_SCOPE, READ_ALL);
export const canWrite = requireScopesOrAppPermissions(WRITE_SCOPE, READ_WRITE_ALL);
export const canDelete = anyOf(requireUserRoles(ADMIN_ROLE), requireAppPermissions(READ_WRITE_ALL));
export const canExport = allOf(canRead, requireAuthContext('c1'));

const EXPORT_MAX = 10_000;

/** A CSV cell: quoted, and defused when a spreadsheet would read it as a formula. */
function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

function toCsv(orders: readonly Order[]): string {
  const header = ['id', 'tenantId', 'ownerObjectId', 'item', 'quantity', 'createdAt'].join(',');
  const lines = orders.map((o) => [o.id, o.tenantId, o.ownerObjectId, o.item, o.quantity, o.createdAt].map(csvCell).join(','));
  return `${[header, ...lines].join('\r\n')}\r\n`;
}

export async function listOrders(orders: OrdersRepository, req: Request, res: Response): Promise<void> {
  const query = parseListQuery(req.query);
  if (!query.ok) return sendProblem(res, 'ORDERS_VALIDATION_FAILED', query.errors);
  const p = requireAuth(req);
  res.json({ orders: await orders.list(p.tenantId, listScope(p), query.value.limit) });
}

export function ordersRouter({ orders, audit }: OrdersRouteDeps): Router {
  const router = Router();

  router.get('/orders', canRead, (req, res) => listOrders(orders, req, res));

  router.post('/orders', canWrite, async (req, res) => {
    if (!declaresJson(req)) return sendProblem(res, 'ORDERS_UNSUPPORTED_MEDIA_TYPE');
    const input = parseNewOrder(req.body);
    if (!input.ok) return sendProblem(res, 'ORDERS_VALIDATION_FAILED', input.errors);
    const p = requireAuth(req);
    const order = await orders.create(p.tenantId, ownerKey(p), input.value);
    res.status(201).location(`/api/orders/${order.id}`).json(order);
  });

  // Before /orders/:id, so "export" is not read as an id.
  router.get('/orders/export', canExport, async (req, res) => {
    const p = requireAuth(req);
    const rows = await orders.list(p.tenantId, listScope(p), EXPORT_MAX);
    audit?.record(req, { event: 'export', decision: 'allow', rows: rows.length }, 'orders exported');
    res.status(200).type('text/csv; charset=utf-8').setHeader('content-disposition', 'attachment; filename="orders.csv"');
    res.send(toCsv(rows));
  });

  router.get('/orders/:id', canRead, async (req, res) => {
    const id = parseUuid(req.params.id, 'params.id');
    if (!id.ok) return sendProblem(res, 'ORDERS_VALIDATION_FAILED', id.errors);
    const p = requireAuth(req);
    // Looked up in the caller's tenant only: another tenant's order is simply not there.
    const order = await orders.find(p.tenantId, id.value);
    const access = order === undefined ? 'not-found' : orderAccess(p, order);
    if (access === 'not-found' || order === undefined) return sendProblem(res, 'ORDERS_NOT_FOUND');
    if (access === 'not-owner') {
      audit?.record(req, { event: 'ownership', decision: 'deny', code: 'ORDERS_NOT_OWNER' }, 'request refused');
      return sendProblem(res, 'ORDERS_NOT_OWNER');
    }
    res.json(order);
  });

  router.delete('/orders/:id', canDelete, async (req, res) => {
    const id = parseUuid(req.params.id, 'params.id');
    if (!id.ok) return sendProblem(res, 'ORDERS_VALIDATION_FAILED', id.errors);
    const p = requireAuth(req);
    if (!(await orders.delete(p.tenantId, id.value))) return sendProblem(res, 'ORDERS_NOT_FOUND');
    audit?.record(req, { event: 'order-deleted', decision: 'allow' }, 'order deleted');
    res.status(204).end();
  });

  return router;
}
