import { describe, expect, it } from 'vitest';
import type { EntraGuardOptions } from './options.js';
import { resolveOptions } from './resolve-options.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const base: EntraGuardOptions = { clientId: 'c0ffee00-0000-4000-8000-000000000001', tenancy: { mode: 'single', tenantId: TENANT } };

function typeError(options: unknown): string {
  try {
    resolveOptions(options as EntraGuardOptions);
    return 'accepted';
  } catch (err) {
    expect(err).toBeInstanceOf(TypeError);
    return (err as Error).message;
  }
}

describe('resolveOptions', () => {
  it('fills the documented defaults', () => {
    const r = resolveOptions(base);
    expect([...r.audiences]).toEqual([base.clientId, `api://${base.clientId}`]);
    expect([...r.acceptedVersions]).toEqual(['1.0', '2.0']);
    expect(r.clockSkewSeconds).toBe(300);
    expect(r.maxTokenLifetimeSeconds).toBe(100_800);
    expect(r.cloud.authorityHost).toBe('https://login.microsoftonline.com');
    expect(r.keys).toMatchObject({ kind: 'remote', refreshIntervalMs: 3_600_000, unknownKidCooldownMs: 300_000, timeoutMs: 5000, maxStaleMs: 86_400_000 });
    expect(r.guests).toBe('allow');
    expect(r.minClientAuth).toBe(0);
    expect(Object.isFrozen(r)).toBe(true);
  });
  it('copies rather than keeps the caller objects', () => {
    const audiences = ['a'];
    const r = resolveOptions({ ...base, audiences });
    audiences.push('b');
    expect([...r.audiences]).toEqual(['a']);
  });
  it('normalises a tenant GUID to lower case and refuses names', () => {
    expect(resolveOptions({ ...base, tenancy: { mode: 'single', tenantId: TENANT.toUpperCase() } }).tenancy).toEqual({ mode: 'single', tenantId: TENANT });
    expect(typeError({ ...base, tenancy: { mode: 'single', tenantId: 'contoso.onmicrosoft.com' } })).toContain('tenancy.tenantId');
    expect(typeError({ ...base, tenancy: { mode: 'single', tenantId: 'common' } })).toContain('tenancy.tenantId');
  });
  it.each([
    [{ ...base, clientId: '' }, 'clientId'],
    [{ ...base, tenancy: undefined }, 'tenancy'],
    [{ ...base, tenancy: { mode: 'any-tenant' } }, 'tenancy.acknowledgeRisk'],
    [{ ...base, tenancy: { mode: 'multi', allowedTenants: [] } }, 'tenancy.allowedTenants'],
    [{ ...base, tenancy: { mode: 'multi', allowedTenants: ['x'] } }, 'tenancy.allowedTenants[0]'],
    [{ ...base, tenancy: { mode: 'wide' } }, 'tenancy.mode'],
    [{ ...base, audiences: [] }, 'audiences'],
    [{ ...base, acceptedVersions: ['3.0'] }, 'acceptedVersions[0]'],
    [{ ...base, clockSkewSeconds: -1 }, 'clockSkewSeconds'],
    [{ ...base, clockSkewSeconds: Number.NaN }, 'clockSkewSeconds'],
    [{ ...base, maxTokenLifetimeSeconds: 0 }, 'maxTokenLifetimeSeconds'],
    [{ ...base, keys: { timeoutMs: Number.POSITIVE_INFINITY } }, 'keys.timeoutMs'],
    [{ ...base, keys: { jwks: { nokeys: true } } }, 'keys.jwks'],
    [{ ...base, cloud: 'germany' }, 'cloud'],
    [{ ...base, cloud: { authorityHost: 'http://localhost:8443' } }, 'cloud.authorityHost'],
    [{ ...base, cloud: { authorityHost: 'https://localhost:8443/tenant' } }, 'cloud.authorityHost'],
    [{ ...base, minClientAuth: 'strong' }, 'minClientAuth'],
    [{ ...base, guests: 'maybe' }, 'guests'],
    [{ ...base, fetch: 'curl' }, 'fetch'],
    [{ ...base, allowPersonalAccounts: 'yes' }, 'allowPersonalAccounts'],
  ])('refuses an invalid option with a TypeError naming it (%#)', (options, name) => {
    expect(typeError(options)).toContain(`"${name}"`);
  });
  it('accepts the sovereign clouds and a custom authority host', () => {
    expect(resolveOptions({ ...base, cloud: 'usgov' }).cloud.authorityHost).toBe('https://login.microsoftonline.us');
    expect(resolveOptions({ ...base, cloud: 'china' }).cloud.v1IssuerOrigin).toBe('https://sts.chinacloudapi.cn');
    const custom = resolveOptions({ ...base, cloud: { authorityHost: 'https://localhost:8443' } }).cloud;
    expect(custom).toMatchObject({ authorityHost: 'https://localhost:8443', v2IssuerOrigin: 'https://localhost:8443', v1IssuerOrigin: 'https://sts.windows.net' });
  });
});
