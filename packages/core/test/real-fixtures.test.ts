// Real Entra-issued tokens (../shared/fixtures/entra-real), each validated with its own key set,
// tenant, audience and clock. Only codes, kinds and tenant ids are asserted: the tokens carry
// personal data that must not be copied anywhere.
import { describe, expect, it } from 'vitest';
import { createEntraGuard, type Explanation } from '@entra-guard/core';
import { loadRealFixtures, type RealFixture } from '@entra-guard/test-support';

const fixtures = loadRealFixtures();
const PLACEHOLDER_TENANT = '00000000-0000-4000-8000-000000000000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DEFAULT_MAX_LIFETIME = 100_800;

// Some fixture key sets were copied from Microsoft.Identity.Web tests that set each key's issuer
// to the literal "invalidIssuer" (to test that very rejection). Real Entra v2 keys carry the
// {tenantid} template; the fixtures are validated with the member removed, and a separate test
// shows the binding refuses them as published.
function realKeys(jwks: { keys: object[] }): { keys: Record<string, unknown>[] } {
  return {
    keys: jwks.keys.map((k) => {
      const { issuer, ...rest } = k as Record<string, unknown>;
      return issuer === 'invalidIssuer' ? rest : { ...rest, ...(issuer === undefined ? {} : { issuer }) };
    }),
  };
}

function lifetime(f: RealFixture): number {
  const { iat, exp } = f.payload as { iat?: number; exp?: number };
  return typeof iat === 'number' && typeof exp === 'number' ? exp - iat : 0;
}

async function explain(f: RealFixture, keys = realKeys(f.jwks)): Promise<Explanation> {
  const tid = typeof f.payload.tid === 'string' && GUID.test(f.payload.tid) ? f.payload.tid : PLACEHOLDER_TENANT;
  const guard = createEntraGuard({
    clientId: 'fixture-api',
    audiences: [typeof f.payload.aud === 'string' ? f.payload.aud : 'none'],
    tenancy: { mode: 'single', tenantId: tid },
    keys: { jwks: keys },
    now: () => (f.clock + 60) * 1000,
    // One fixture is a library test token with a three-year lifetime; the rest are within 28 h.
    maxTokenLifetimeSeconds: Math.max(DEFAULT_MAX_LIFETIME, lifetime(f)),
  });
  try {
    return await guard.explain(f.token);
  } finally {
    guard.close();
  }
}

const isAccess = (f: RealFixture) => /^v[12]-(access|app-only)$/.test(f.kind);
const accessTokens = [...fixtures.positive, ...fixtures.bulk].filter(isAccess);
const idTokens = fixtures.positive.filter((f) => !isAccess(f));

describe('real Entra access tokens', () => {
  it('has the expected fixture set', () => {
    expect(fixtures.positive).toHaveLength(66);
    expect(fixtures.bulk).toHaveLength(261);
    expect(fixtures.negative).toHaveLength(5);
    expect(accessTokens).toHaveLength(48 + 261);
  });

  it.each(accessTokens.map((f) => [f.file, f] as const))('accepts %s with the right kind and tenant', async (_file, f) => {
    const e = await explain(f);
    expect(e.error?.code).toBeUndefined();
    expect(e.valid).toBe(true);
    expect(e.principal?.kind).toBe(f.kind.endsWith('app-only') ? 'app' : 'user');
    expect(e.principal?.tenantId).toBe(f.payload.tid);
    expect(e.principal?.tokenVersion).toBe(f.kind.startsWith('v1') ? '1.0' : '2.0');
  });

  it('refuses the tokens whose published key is bound to another issuer', async () => {
    const bound = accessTokens.filter((f) => f.jwks.keys.some((k) => (k as { issuer?: string }).issuer === 'invalidIssuer'));
    expect(bound.length).toBeGreaterThan(0);
    for (const f of bound) {
      expect((await explain(f, f.jwks as { keys: Record<string, unknown>[] })).error?.code).toBe('EG_KEY_ISSUER_MISMATCH');
    }
  });

  it('refuses each token one second after its expiry plus the skew', async () => {
    for (const f of fixtures.positive.filter(isAccess)) {
      const exp = f.payload.exp as number;
      const late = { ...f, clock: exp + 300 + 1 - 60 };
      expect((await explain(late)).error?.code).toBe('EG_TOKEN_EXPIRED');
    }
  });

  it('refuses each token for another audience and another tenant', async () => {
    for (const f of fixtures.positive.filter(isAccess)) {
      expect((await explain({ ...f, payload: { ...f.payload, aud: 'another-api' } })).error?.code).toBe('EG_AUDIENCE_INVALID');
      expect((await explain({ ...f, payload: { ...f.payload, tid: PLACEHOLDER_TENANT } })).error?.code).toBe('EG_TENANT_NOT_ALLOWED');
    }
  });
});

describe('real Entra ID tokens and negative fixtures', () => {
  it.each(idTokens.map((f) => [f.file, f] as const))('refuses the ID token %s', async (_file, f) => {
    const e = await explain(f);
    expect(e.valid).toBe(false);
    // v1/v2 ID tokens fail as "not an access token"; old v2 ID tokens with a trailing-slash
    // issuer and B2C ID tokens without tid fail earlier, at the issuer/tenant check.
    expect(['EG_NOT_ACCESS_TOKEN', 'EG_ISSUER_INVALID', 'EG_TENANT_INVALID']).toContain(e.error?.code);
  });

  const expected: Record<string, string[]> = {
    'neg-01': ['EG_SIGNATURE_INVALID'],
    // the altered signature no longer has canonical base64url trailing bits
    'neg-02': ['EG_SIGNATURE_INVALID', 'EG_TOKEN_MALFORMED'],
    'neg-03': ['EG_TOKEN_ALG_REFUSED'],
    'neg-04': ['EG_KEY_NOT_FOUND'],
    'neg-05': ['EG_TOKEN_FOR_OTHER_RESOURCE'],
  };
  it.each(fixtures.negative.map((f) => [f.file, f] as const))('refuses %s with the right code', async (file, f) => {
    const e = await explain(f);
    const key = /neg-0\d/.exec(file)![0];
    expect(expected[key]).toContain(e.error?.code);
  });
});
