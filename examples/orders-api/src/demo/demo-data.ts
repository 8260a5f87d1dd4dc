// The demo's orders: fixed ids, so the README's walkthrough can name them.
import { DEMO } from '@entra-guard/emulator';
import type { OrdersRepository } from '../db/orders-repository.js';

export const DEMO_ORDERS = Object.freeze({
  alice: { id: 'a11ce000-0000-4000-8000-000000000001', tenantId: DEMO.tenantA.id, ownerObjectId: DEMO.users.alice.oid, item: 'Espresso machine', quantity: 1 },
  bob: { id: 'b0b00000-0000-4000-8000-000000000001', tenantId: DEMO.tenantA.id, ownerObjectId: DEMO.users.bob.oid, item: 'Paper cups', quantity: 500 },
  erin: { id: 'e1110000-0000-4000-8000-000000000001', tenantId: DEMO.tenantB.id, ownerObjectId: DEMO.users.erin.oid, item: 'Whiteboard markers', quantity: 12 },
});

export async function seedDemoOrders(orders: OrdersRepository): Promise<void> {
  for (const o of Object.values(DEMO_ORDERS)) await orders.ensure(o.tenantId, o.ownerObjectId, { item: o.item, quantity: o.quantity }, o.id);
}
