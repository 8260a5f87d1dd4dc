// The shared layer of the validated-token cache: two guards (two "instances") and one store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntraGuard, type EntraGuard, type EntraGuardOptions, type SharedTokenCache } from '@entra-guard/core';
import { createSigningKeys, mintAccessToken, type SigningKey } from '@entra-guard/test-support';

const T = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const C = '11111111-2222-4333-8444-555555555555';
const ORIGIN = 'https://login.microsoftonline.com';
const SECRET = 'a-shared-secret-of-at-least-32-characters';
let key: SigningKey;
const guards: EntraGuard[] = [];

class MapStore implements SharedTokenCache {
  readonly values = new Map<string, string>();
  hits = 0;
  get(k: string): string | undefined {
    const v = this.values.get(k);
    if (v !== undefined) this.hits++;
    return v;
  }
  set(k: string, v: string): void {
    this.values.set(k, v);
  }
}

function guard(store: SharedTokenCache, extra: Partial<EntraGuardOptions> = {}, secret = SECRET): EntraGuard {
  const jwk = { ...key.jwk, issuer: `${ORIGIN}/{tenantid}/v2.0` };
  const g = createEntraGuard({
    clientId: C,
    tenancy: { mode: 'single', tenantId: T },
    keys: { jwks: { keys: [jwk] } },
    tokenCache: { shared: { store, secret } },
    ...extra,
  });
  guards.push(g);
  return g;
}
const mint = () => mintAccessToken({ key, issuerOrigin: ORIGIN, tenantId: T, audience: C, roles: ['Orders.Admin'] });

beforeAll(async () => {
  [key] = (await createSigningKeys(1)) as [SigningKey];
});
afterAll(() => guards.forEach((g) => g.close()));

describe('shared validated-token cache', () => {
  it('lets instance B reuse what instance A validated, with equal principals', async () => {
    const store = new MapStore();
    const token = mint();
    const a = await guard(store).validateToken(token);
    expect(store.values.size).toBe(1);
    const b = await guard(store).validateToken(token);
    expect(store.hits).toBe(1);
    expect(JSON.parse(JSON.stringify(b))).toEqual(JSON.parse(JSON.stringify(a)));
    expect(b.roles.has('Orders.Admin')).toBe(true);
    expect(Object.isFrozen(b)).toBe(true);
  });
  it('is never a hit for another validator profile (row 112)', async () => {
    const store = new MapStore();
    const token = mint();
    await guard(store).validateToken(token);
    await expect(guard(store, { audiences: ['api://other-api'] }).validateToken(token)).rejects.toMatchObject({ code: 'EG_AUDIENCE_INVALID' });
  });
  it('ignores entries not signed with the deployment secret (a writer to the store cannot forge a principal)', async () => {
    const store = new MapStore();
    const token = mint();
    await guard(store, {}, 'another-secret-of-at-least-32-characters!').validateToken(token);
    const [[k, v]] = [...store.values] as [[string, string]];
    store.values.set(k, v.replace('Orders.Admin', 'Orders.Owner'));
    const p = await guard(store).validateToken(token);
    expect(p.roles.has('Orders.Admin')).toBe(true); // validated locally: the forged entry was ignored
  });
  it('validates locally when the store fails or is slow', async () => {
    const failing: SharedTokenCache = { get: () => Promise.reject(new Error('down')), set: () => Promise.reject(new Error('down')) };
    await expect(guard(failing).validateToken(mint())).resolves.toMatchObject({ tenantId: T });
    const hanging: SharedTokenCache = { get: () => new Promise(() => undefined), set: () => undefined };
    const started = performance.now();
    await expect(guard(hanging).validateToken(mint())).resolves.toMatchObject({ tenantId: T });
    expect(performance.now() - started).toBeLessThan(1000);
  });
  it('refuses a short secret at start-up', () => {
    expect(() => guard(new MapStore(), {}, 'short')).toThrow(TypeError);
  });
});
