import { describe, expect, it } from 'vitest';
import { InMemoryRevocationStore } from './memory-revocation-store.js';

const T0 = 1_800_000_000;
const q = (over: Partial<Parameters<InMemoryRevocationStore['check']>[0]> = {}) => ({
  tenantId: 't',
  objectId: 'o',
  clientId: 'c',
  tokenId: 'u',
  issuedAt: T0 - 100,
  expiresAt: T0 + 3000,
  ...over,
});

describe('InMemoryRevocationStore', () => {
  it('refuses tokens of a revoked user issued before the revocation only', () => {
    const s = new InMemoryRevocationStore({ now: () => T0 * 1000 });
    s.revokeUser('t', 'o', T0);
    expect(s.check(q({ issuedAt: T0 - 1 }))).toEqual({ revoked: true, reason: 'user', validFrom: T0 });
    expect(s.check(q({ issuedAt: T0 }))).toEqual({ revoked: false });
    expect(s.check(q({ issuedAt: T0 - 1, tenantId: 't2' }))).toEqual({ revoked: false });
    expect(s.check(q({ issuedAt: T0 - 1, objectId: 'o2' }))).toEqual({ revoked: false });
  });
  it('never moves a valid-from time backwards', () => {
    const s = new InMemoryRevocationStore({ now: () => T0 * 1000 });
    s.revokeUser('t', 'o', T0);
    s.revokeUser('t', 'o', T0 - 500);
    expect(s.check(q({ issuedAt: T0 - 10 })).revoked).toBe(true);
  });
  it('denies a uti and kills a client', () => {
    const s = new InMemoryRevocationStore({ now: () => T0 * 1000 });
    s.revokeToken('u', T0 + 3000);
    expect(s.check(q())).toEqual({ revoked: true, reason: 'token' });
    expect(s.check(q({ tokenId: 'other' })).revoked).toBe(false);
    s.disableClient('c');
    expect(s.check(q({ tokenId: 'other' }))).toEqual({ revoked: true, reason: 'client' });
    s.enableClient('c');
    expect(s.check(q({ tokenId: 'other' })).revoked).toBe(false);
  });
  it('forgets entries that can no longer match a live token', () => {
    let now = T0 * 1000;
    const s = new InMemoryRevocationStore({ now: () => now, retentionSeconds: 1000 });
    s.revokeUser('t', 'o', T0);
    s.revokeToken('u', T0 + 10);
    expect(s.size).toBe(2);
    now = (T0 + 2000) * 1000;
    s.revokeToken('u2', T0 + 5000);
    expect(s.size).toBe(1);
  });
});
