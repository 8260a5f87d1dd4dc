// A handful of the conformance contract's routes against the Fastify app; the full comparison
// with the Express app is the shared conformance suite's job.
import { CONFORMANCE_GROUP, type RunningApp } from '@entra-guard/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastifyConformanceApp } from './conformance-app.js';
import { createKeys, get, guardOptions, mint, T } from './helpers.js';

const RESOURCE = 'https://api.example.test';

describe('fastify conformance app (smoke)', () => {
  let app: RunningApp;
  let key: Awaited<ReturnType<typeof createKeys>>['key'];

  beforeAll(async () => {
    ({ key } = await createKeys());
    app = await fastifyConformanceApp({
      guard: guardOptions(key),
      protectedResource: { resource: RESOURCE, authorizationServers: [`https://login.microsoftonline.com/${T}/v2.0`] },
    });
  });
  afterAll(async () => {
    await app.close();
  });

  const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

  it('GET /public answers anonymous callers and names the kind of authenticated ones', async () => {
    expect(JSON.parse((await get(`${app.url}/public`)).body)).toEqual({ ok: true, kind: null });
    expect(JSON.parse((await get(`${app.url}/public`, bearer(mint(key, { kind: 'app', roles: ['Orders.Read.All'] })))).body)).toEqual({ ok: true, kind: 'app' });
  });

  it('GET /me returns P for a user token and 401 with resource_metadata without one', async () => {
    const ok = await get(`${app.url}/me`, bearer(mint(key)));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ ok: true, kind: 'user', tenantId: T, objectId: expect.any(String) });
    const none = await get(`${app.url}/me`);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe(`Bearer realm="api", resource_metadata="${RESOURCE}/.well-known/oauth-protected-resource"`);
  });

  it('POST /orders echoes the parsed body for Orders.Write', async () => {
    const res = await fetch(`${app.url}/orders`, {
      method: 'POST',
      headers: { ...bearer(mint(key, { scopes: ['Orders.Write'] })), 'content-type': 'application/json' },
      body: JSON.stringify({ item: 'pen', quantity: 2 }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, kind: 'user', received: { item: 'pen', quantity: 2 } });
  });

  it('GET /tenants/:tenantId/orders refuses another tenant with 403', async () => {
    const token = mint(key);
    expect((await get(`${app.url}/tenants/${T}/orders`, bearer(token))).status).toBe(200);
    const other = await get(`${app.url}/tenants/0d3b5f7a-9c1e-4a2b-8d6f-1e3c5a7b9d0f/orders`, bearer(token));
    expect(other.status).toBe(403);
    expect(JSON.parse(other.body).code).toBe('EG_TENANT_MISMATCH');
  });

  it('GET /app, /admin, /export and /groups apply their policies', async () => {
    const user = mint(key);
    expect((await get(`${app.url}/app`, bearer(user))).status).toBe(403);
    expect((await get(`${app.url}/app`, bearer(mint(key, { kind: 'app', roles: ['Orders.Read.All'] })))).status).toBe(200);
    expect((await get(`${app.url}/admin`, bearer(mint(key, { roles: ['Orders.Admin'] })))).status).toBe(200);
    expect((await get(`${app.url}/export`, bearer(mint(key, { claims: { acrs: ['c1'] } })))).status).toBe(200);
    expect((await get(`${app.url}/export`, bearer(user))).status).toBe(403);
    expect((await get(`${app.url}/groups`, bearer(mint(key, { claims: { groups: [CONFORMANCE_GROUP] } })))).status).toBe(200);
  });

  it('serves the RFC 9728 document', async () => {
    const res = await get(`${app.url}/.well-known/oauth-protected-resource`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ resource: RESOURCE, authorization_servers: [`https://login.microsoftonline.com/${T}/v2.0`] });
  });
});
