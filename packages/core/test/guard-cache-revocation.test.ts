// The guard's validated-token cache and revocation, end to end with real signed tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntraGuard, InMemoryRevocationStore, toHttpResponse, type EntraGuard, type EntraGuardOptions } from '@entra-guard/core';
import { createSigningKeys, mintAccessToken, type SigningKey } from '@entra-guard/test-support';

const T = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const C = '11111111-2222-4333-8444-555555555555';
const ORIGIN = 'https://login.microsoftonline.com';
let key: SigningKey;
let clock = 1_800_000_000_000;
const guards: EntraGuard[] = [];

function guard(extra: Partial<EntraGuardOptions> = {}): EntraGuard {
  const jwk = { ...key.jwk, issuer: `${ORIGIN}/{tenantid}/v2.0` };
  const g = createEntraGuard({ clientId: C, tenancy: { mode: 'single', tenantId: T }, keys: { jwks: { keys: [jwk] } }, now: () => clock, ...extra });
  guards.push(g);
  return g;
}

const mint = (over: { claims?: Record<string, unknown>; now?: number } = {}) =>
  mintAccessToken({ key, issuerOrigin: ORIGIN, tenantId: T, audience: C, now: Math.floor((over.now ?? clock) / 1000), claims: over.claims ?? {} });

async function rejection(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return err as { code: string; status: number };
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  [key] = (await createSigningKeys(1)) as [SigningKey];
});
afterAll(() => guards.forEach((g) => g.close()));

describe('validated-token cache', () => {
  it('returns the cached principal for a repeated token, and a fresh one without a cache', async () => {
    const token = mint();
    const cached = guard();
    expect(await cached.validateToken(token)).toBe(await cached.validateToken(token));
    const uncached = guard({ tokenCache: false });
    expect(await uncached.validateToken(token)).not.toBe(await uncached.validateToken(token));
  });
  it('never serves a token past exp plus skew (row 66)', async () => {
    const start = clock;
    const g = guard();
    const token = mint();
    await g.validateToken(token);
    clock = start + (3600 + 300 + 1) * 1000;
    expect((await rejection(g.validateToken(token))).code).toBe('EG_TOKEN_EXPIRED');
    clock = start;
  });
  it('is keyed by validator profile: two APIs never share a hit (row 112)', () => {
    expect(guard().profile).not.toBe(guard({ audiences: ['api://other'] }).profile);
    expect(guard().profile).toBe(guard().profile);
  });
});

describe('revocation', () => {
  it('refuses a revoked user for older tokens, on cache hits too, and accepts newer ones (row 108)', async () => {
    const store = new InMemoryRevocationStore({ now: () => clock });
    const g = guard({ revocation: store });
    const old = mint();
    await g.validateToken(old); // now cached
    const t0 = Math.floor(clock / 1000) + 10;
    const p = await g.validateToken(old);
    store.revokeUser(p.tenantId, p.objectId!, t0);
    const err = await rejection(g.validateToken(old));
    expect(err.code).toBe('EG_TOKEN_REVOKED');
    expect(toHttpResponse(err).headers['www-authenticate']).toContain('error="invalid_token"');
    const newer = mint({ now: (t0 + 300 + 1) * 1000 });
    clock = (t0 + 400) * 1000;
    await expect(g.validateToken(newer)).resolves.toMatchObject({ kind: 'user' });
    clock = 1_800_000_000_000;
  });
  it('challenges a CAE-capable client of a revoked user with a claims request (row 109)', async () => {
    const store = new InMemoryRevocationStore({ now: () => clock });
    const g = guard({ revocation: store });
    const token = mint({ claims: { xms_cc: ['cp1'] } });
    const p = await g.validateToken(token);
    const t0 = Math.floor(clock / 1000) + 5;
    store.revokeUser(p.tenantId, p.objectId!, t0);
    const r = toHttpResponse(await rejection(g.validateToken(token)));
    expect(r.status).toBe(401);
    const claims = Buffer.from(JSON.stringify({ access_token: { nbf: { essential: true, value: String(t0) } } })).toString('base64');
    expect(r.headers['www-authenticate']).toBe(
      `Bearer realm="", authorization_uri="${ORIGIN}/common/oauth2/authorize", error="insufficient_claims", claims="${claims}"`,
    );
  });
  it('denies a uti and kills a client', async () => {
    const store = new InMemoryRevocationStore({ now: () => clock });
    const g = guard({ revocation: store });
    const token = mint();
    const p = await g.validateToken(token);
    store.revokeToken(p.tokenId!, p.expiresAt);
    expect((await rejection(g.validateToken(token))).code).toBe('EG_TOKEN_REVOKED');
    const other = mint();
    await g.validateToken(other);
    store.disableClient(p.clientId);
    expect((await rejection(g.validateToken(other))).code).toBe('EG_TOKEN_REVOKED');
  });
  it('answers 503, never 200 or a raw error, when the store fails', async () => {
    const g = guard({ revocation: { check: () => Promise.reject(new Error('redis://secret@10.0.0.1 down')) } });
    const err = await rejection(g.validateToken(mint()));
    expect(err.code).toBe('EG_REVOCATION_UNAVAILABLE');
    const r = toHttpResponse(err);
    expect(r.status).toBe(503);
    expect(r.headers['retry-after']).toBe('5');
    expect(JSON.stringify(r)).not.toContain('secret');
  });
});
