// Who may see which orders, from the principal alone (the route's policy already checked the
// permission). Identity is (tenantId, objectId); never email or upn.
import { resourceAccess, type Principal } from '@entra-guard/core';
import type { Order, OrderScope } from '../db/orders-repository.js';

export const ADMIN_ROLE = 'Orders.Admin';
export const READ_SCOPE = 'Orders.Read';
export const WRITE_SCOPE = 'Orders.Write';
export const READ_ALL = 'Orders.Read.All';
export const READ_WRITE_ALL = 'Orders.ReadWrite.All';

/** The owner key of orders this caller creates: the object id (an old v1 app token without one: its client id). */
export function ownerKey(p: Principal): string {
  return p.objectId ?? p.clientId;
}

/** A signed-in user holding the admin app role (a daemon's roles are application permissions, never this). */
export function isAdmin(p: Principal): boolean {
  return p.kind === 'user' && p.roles.has(ADMIN_ROLE);
}

/** Tenant-wide readers: admins, and daemons with an application permission for all orders. */
function readsWholeTenant(p: Principal): boolean {
  return isAdmin(p) || (p.kind === 'app' && (p.roles.has(READ_ALL) || p.roles.has(READ_WRITE_ALL)));
}

/** What a listing shows this caller: the whole tenant's orders, or their own. */
export function listScope(p: Principal): OrderScope {
  return readsWholeTenant(p) ? { kind: 'tenant' } : { kind: 'owner', ownerObjectId: ownerKey(p) };
}

/**
 * Reading one order: its owner may; so may tenant-wide readers of the same tenant. Another
 * tenant's order does not exist for the caller (404), a colleague's is forbidden (403).
 */
export function orderAccess(p: Principal, order: Order): 'allowed' | 'not-owner' | 'not-found' {
  const access = resourceAccess(p, { tenantId: order.tenantId, ownerObjectId: order.ownerObjectId });
  if (access === 'other-tenant') return 'not-found';
  if (access === 'owner' || readsWholeTenant(p)) return 'allowed';
  // Old v1 app tokens own by client id.
  if (p.objectId === undefined && order.ownerObjectId === p.clientId) return 'allowed';
  return 'not-owner';
}
