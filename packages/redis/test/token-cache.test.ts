// The shared validated-token cache in the real Redis, across two guards ("instances").
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntraGuard, type EntraGuard } from '@entra-guard/core';
import type { SigningKey } from '@entra-guard/test-support';
import { createRedisTokenCache } from '../src/index.js';
import { API, mint, ORIGIN, SHARED_REDIS, signingKey, T } from './helpers.js';

const SECRET = 'token-cache-test-secret-32-characters-min';
const prefix = `entra-guard-test:${randomUUID()}:token:`;
let redis: Redis;
let signer: SigningKey;
const guards: EntraGuard[] = [];

function instance(audiences?: string[]): EntraGuard {
  const jwk = { ...signer.jwk, issuer: `${ORIGIN}/{tenantid}/v2.0` };
  const g = createEntraGuard({
    clientId: API,
    ...(audiences ? { audiences } : {}),
    tenancy: { mode: 'single', tenantId: T },
    keys: { jwks: { keys: [jwk] } },
    tokenCache: { shared: { store: createRedisTokenCache({ redis, keyPrefix: prefix }), secret: SECRET, timeoutMs: 500 } },
  });
  guards.push(g);
  return g;
}

beforeAll(async () => {
  redis = new Redis({ ...SHARED_REDIS, lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  signer = await signingKey();
});
afterAll(async () => {
  guards.forEach((g) => g.close());
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

async function until(probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await probe()); i++) await new Promise((r) => setTimeout(r, 5));
}

describe('createRedisTokenCache', () => {
  it('stores signed entries that expire with the token and serves them to another instance', async () => {
    const token = mint(signer);
    const a = await instance().validateToken(token);
    await until(async () => (await redis.keys(`${prefix}*`)).length > 0);
    const [stored] = await redis.keys(`${prefix}*`);
    expect(stored).toBeDefined();
    const ttl = await redis.pttl(stored!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual((a.expiresAt + 300) * 1000 - Date.now() + 1000);
    expect(await redis.get(stored!)).not.toContain(token);
    const b = await instance().validateToken(token);
    expect(b.objectId).toBe(a.objectId);
  });
  it('is never a hit for an API with another profile (row 112)', async () => {
    const token = mint(signer);
    await instance().validateToken(token);
    await expect(instance(['api://another-api']).validateToken(token)).rejects.toMatchObject({ code: 'EG_AUDIENCE_INVALID' });
  });
});
