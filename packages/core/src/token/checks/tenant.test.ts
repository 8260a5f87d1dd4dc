import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../config/resolve-options.js';
import { TenantPolicy } from './tenant.js';
import { C, codeOf, T, X } from './options.test-helper.js';

const policy = (tenancy: Parameters<typeof resolveOptions>[0]['tenancy']) => new TenantPolicy(resolveOptions({ clientId: C, tenancy }).tenancy);

async function asyncCode(run: () => Promise<void> | undefined): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
}

describe('TenantPolicy', () => {
  it('decides single, list and any-tenant synchronously', () => {
    expect(codeOf(() => policy({ mode: 'single', tenantId: T }).check(T))).toBe('ok');
    expect(codeOf(() => policy({ mode: 'single', tenantId: T }).check(X))).toBe('EG_TENANT_NOT_ALLOWED');
    expect(codeOf(() => policy({ mode: 'multi', allowedTenants: [T] }).check(X))).toBe('EG_TENANT_NOT_ALLOWED');
    expect(policy({ mode: 'multi', allowedTenants: [T, X] }).check(X)).toBeUndefined();
    expect(policy({ mode: 'any-tenant', acknowledgeRisk: true }).check(X)).toBeUndefined();
  });
  it('asks a predicate once per tenant and caches both answers', async () => {
    const asked: string[] = [];
    const p = policy({ mode: 'multi', allowedTenants: async (tid) => (asked.push(tid), tid === T) });
    expect(await asyncCode(() => p.check(T))).toBe('ok');
    expect(await asyncCode(() => p.check(T))).toBe('ok');
    expect(await asyncCode(() => p.check(X))).toBe('EG_TENANT_NOT_ALLOWED');
    expect(await asyncCode(() => p.check(X))).toBe('EG_TENANT_NOT_ALLOWED');
    expect(asked).toEqual([T, X]);
  });
  it('refuses on a throwing or non-boolean predicate, without caching it', async () => {
    let calls = 0;
    const throwing = policy({ mode: 'multi', allowedTenants: () => { calls++; throw new Error('db down'); } });
    expect(await asyncCode(() => throwing.check(T))).toBe('EG_TENANT_NOT_ALLOWED');
    expect(await asyncCode(() => throwing.check(T))).toBe('EG_TENANT_NOT_ALLOWED');
    expect(calls).toBe(2);
    const truthy = policy({ mode: 'multi', allowedTenants: (() => 'yes') as unknown as () => boolean });
    expect(await asyncCode(() => truthy.check(T))).toBe('EG_TENANT_NOT_ALLOWED');
  });
});
