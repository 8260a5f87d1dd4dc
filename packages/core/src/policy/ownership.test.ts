import { describe, expect, it } from 'vitest';
import { resourceAccess } from './ownership.js';
import { app, OTHER_TENANT, TENANT, user } from './principal.test-helper.js';

describe('resourceAccess', () => {
  it('keys identity on (tenantId, objectId)', () => {
    const u = user({ objectId: 'o1' });
    expect(resourceAccess(u, { tenantId: TENANT, ownerObjectId: 'o1' })).toBe('owner');
    expect(resourceAccess(u, { tenantId: TENANT, ownerObjectId: 'o2' })).toBe('same-tenant');
    // the same object id in another tenant is another identity (sub/oid collisions across tenants)
    expect(resourceAccess(u, { tenantId: OTHER_TENANT, ownerObjectId: 'o1' })).toBe('other-tenant');
    expect(resourceAccess(app({ objectId: 'o1' }), { tenantId: TENANT, ownerObjectId: 'o1' })).toBe('owner');
  });
});
