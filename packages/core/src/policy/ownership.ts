import type { Principal } from '../principal/principal.js';

/** A record owned by one user of one tenant. */
export interface OwnedResource {
  readonly tenantId: string;
  /** The owner's object id (`oid`), never an email or upn. */
  readonly ownerObjectId: string;
}

/**
 * How the caller relates to a resource: its `owner`, someone else in the `same-tenant`, or in
 * an `other-tenant`. APIs usually answer `other-tenant` with 404 (the record does not exist for
 * that caller) and `same-tenant` with 403 unless an admin role allows it.
 */
export type ResourceAccess = 'owner' | 'same-tenant' | 'other-tenant';

/** Identity is (tenantId, objectId): tenant first, so an object id from another tenant never matches. */
export function resourceAccess(principal: Principal, resource: OwnedResource): ResourceAccess {
  if (resource.tenantId.toLowerCase() !== principal.tenantId) return 'other-tenant';
  return principal.objectId !== undefined && principal.objectId === resource.ownerObjectId ? 'owner' : 'same-tenant';
}
