// Orders, always addressed by tenant first. Every query names tenant_id (and owner_oid where the
// caller sees only their own orders), and runs in a withTenant() transaction, so row-level
// security would catch a query that did not.
import { randomUUID } from 'node:crypto';
import type { Database } from './database.js';

export interface Order {
  readonly id: string;
  readonly tenantId: string;
  readonly ownerObjectId: string;
  readonly item: string;
  readonly quantity: number;
  readonly createdAt: string;
}

export interface NewOrder {
  readonly item: string;
  readonly quantity: number;
}

interface OrderRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly owner_oid: string;
  readonly item: string;
  readonly quantity: number;
  readonly created_at: Date | string;
}

const COLUMNS = 'id, tenant_id, owner_oid, item, quantity, created_at';

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    ownerObjectId: row.owner_oid,
    item: row.item,
    quantity: Number(row.quantity),
    createdAt: (row.created_at instanceof Date ? row.created_at : new Date(row.created_at)).toISOString(),
  };
}

/** Which orders a listing covers: one owner's, or the whole tenant's. */
export type OrderScope = { readonly kind: 'owner'; readonly ownerObjectId: string } | { readonly kind: 'tenant' };

export class OrdersRepository {
  readonly #db: Database;
  constructor(db: Database) {
    this.#db = db;
  }

  /** Newest first. */
  list(tenantId: string, scope: OrderScope, limit: number): Promise<Order[]> {
    return this.#db.withTenant(tenantId, async (q) => {
      const rows =
        scope.kind === 'owner'
          ? await q.query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE tenant_id = $1 AND owner_oid = $2 ORDER BY created_at DESC, id LIMIT $3`, [tenantId, scope.ownerObjectId, limit])
          : await q.query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT $2`, [tenantId, limit]);
      return rows.map(toOrder);
    });
  }

  create(tenantId: string, ownerObjectId: string, input: NewOrder, id: string = randomUUID()): Promise<Order> {
    return this.#db.withTenant(tenantId, async (q) => {
      const [row] = await q.query<OrderRow>(`INSERT INTO orders (id, tenant_id, owner_oid, item, quantity) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`, [
        id,
        tenantId,
        ownerObjectId,
        input.item,
        input.quantity,
      ]);
      if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
      return toOrder(row);
    });
  }

  /** Inserts unless an order with this id exists (demo seeding). */
  async ensure(tenantId: string, ownerObjectId: string, input: NewOrder, id: string): Promise<void> {
    await this.#db.withTenant(tenantId, (q) =>
      q.query(`INSERT INTO orders (id, tenant_id, owner_oid, item, quantity) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`, [id, tenantId, ownerObjectId, input.item, input.quantity]),
    );
  }

  /** The order with this id in this tenant, whoever owns it; undefined when the tenant has none. */
  find(tenantId: string, id: string): Promise<Order | undefined> {
    return this.#db.withTenant(tenantId, async (q) => {
      const [row] = await q.query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
      return row === undefined ? undefined : toOrder(row);
    });
  }

  /** True when an order was deleted. */
  delete(tenantId: string, id: string): Promise<boolean> {
    return this.#db.withTenant(tenantId, async (q) => {
      const rows = await q.query(`DELETE FROM orders WHERE tenant_id = $1 AND id = $2 RETURNING id`, [tenantId, id]);
      return rows.length > 0;
    });
  }
}
