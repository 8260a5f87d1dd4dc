import { describe, expect, it } from 'vitest';
import { cloudFor, optionsFromFlags } from './guard-from-flags.js';
import { UsageError } from './io.js';

const TID = '00000000-0000-4000-8000-000000000001';
const TID2 = '00000000-0000-4000-8000-000000000002';

describe('optionsFromFlags', () => {
  it('maps each tenancy flag to its tenancy mode', async () => {
    expect((await optionsFromFlags({ clientId: 'c', tenant: [TID] })).tenancy).toEqual({ mode: 'single', tenantId: TID });
    expect((await optionsFromFlags({ clientId: 'c', allowedTenant: [TID, TID2] })).tenancy).toEqual({ mode: 'multi', allowedTenants: [TID, TID2] });
    expect((await optionsFromFlags({ clientId: 'c', anyTenant: true })).tenancy).toEqual({ mode: 'any-tenant', acknowledgeRisk: true });
  });

  it('leaves defaults to core and maps the optional flags', async () => {
    const plain = await optionsFromFlags({ clientId: 'c', tenant: [TID], authorityHost: 'https://login.microsoftonline.com' });
    expect(Object.keys(plain).sort()).toEqual(['clientId', 'tenancy']);
    const full = await optionsFromFlags({
      clientId: 'c',
      tenant: [TID],
      audience: ['a', 'b'],
      at: 1_700_000_000.5,
      clockSkew: 10,
      maxLifetime: 3600,
      acceptVersion: ['2.0'],
      authorityHost: 'https://localhost:8443',
    });
    expect(full).toMatchObject({
      audiences: ['a', 'b'],
      clockSkewSeconds: 10,
      maxTokenLifetimeSeconds: 3600,
      acceptedVersions: ['2.0'],
      cloud: { authorityHost: 'https://localhost:8443' },
    });
    expect(full.now?.()).toBe(1_700_000_000_500);
  });

  it('throws a UsageError without a tenancy flag or with two', async () => {
    await expect(optionsFromFlags({ clientId: 'c' })).rejects.toThrow(UsageError);
    await expect(optionsFromFlags({ clientId: 'c', tenant: [TID], anyTenant: true })).rejects.toThrow(UsageError);
  });
});

describe('cloudFor', () => {
  it('uses presets for Microsoft clouds and a custom authority otherwise', () => {
    expect(cloudFor('https://login.microsoftonline.com')).toBeUndefined();
    expect(cloudFor('https://login.microsoftonline.com/')).toBeUndefined();
    expect(cloudFor('https://login.microsoftonline.us')).toBe('usgov');
    expect(cloudFor('https://login.partner.microsoftonline.cn')).toBe('china');
    expect(cloudFor('https://127.0.0.1:8443')).toEqual({ authorityHost: 'https://127.0.0.1:8443' });
    expect(cloudFor('not a url')).toEqual({ authorityHost: 'not a url' });
  });
});
