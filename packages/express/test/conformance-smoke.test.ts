// Starts the conformance app on both Express majors and checks a handful of routes, so the
// factory is known to work before the shared conformance suite runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTECTED_RESOURCE_PATH } from '@entra-guard/core';
import { CONFORMANCE_GROUP, type RunningApp } from '@entra-guard/test-support';
import { expressConformanceApp } from './conformance-app.js';
import { createTestKeys, EXPRESS_MAJORS, expectRefused, INSUFFICIENT, MISSING, mint, NO_PERMISSIONS, send, T, type TestKeys } from './support.js';

let keys: TestKeys;
beforeAll(async () => {
  keys = await createTestKeys();
});

const RESOURCE = { resource: 'https://api.example.com', authorizationServers: [`https://login.microsoftonline.com/${T}/v2.0`] };

describe.each(EXPRESS_MAJORS)('conformance app on %s', (_name, express) => {
  let app: RunningApp;
  let port: number;
  beforeAll(async () => {
    app = await expressConformanceApp(express)({ guard: keys.guardOptions, protectedResource: RESOURCE });
    port = Number(new URL(app.url).port);
  });
  afterAll(() => app.close());

  const get = (path: string, token?: string) => send(port, { path, headers: token === undefined ? [] : [['Authorization', `Bearer ${token}`]] });

  it('answers 200 with P for the right tokens', async () => {
    const user = await get('/user', mint(keys));
    expect(user.status).toBe(200);
    expect(user.json()).toEqual({ ok: true, kind: 'user', tenantId: T, objectId: expect.any(String) });
    expect((await get('/app', mint(keys, { kind: 'app', roles: ['Orders.Read.All'] }))).status).toBe(200);
    expect((await get('/orders', mint(keys))).status).toBe(200);
    expect((await get('/admin', mint(keys, { roles: ['Orders.Admin'] }))).status).toBe(200);
    expect((await get(`/tenants/${T}/orders`, mint(keys))).status).toBe(200);
    expect((await get('/export', mint(keys, { claims: { acrs: ['c1'] } }))).status).toBe(200);
    expect((await get('/groups', mint(keys, { claims: { groups: [CONFORMANCE_GROUP] } }))).status).toBe(200);
  });

  it('echoes the parsed JSON body on POST /orders', async () => {
    const token = mint(keys, { scopes: ['Orders.Write'] });
    const res = await send(port, {
      method: 'POST',
      path: '/orders',
      headers: [['Authorization', `Bearer ${token}`], ['Content-Type', 'application/json']],
      body: JSON.stringify({ item: 'pen', quantity: 2 }),
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, kind: 'user', received: { item: 'pen', quantity: 2 } });
  });

  it('refuses a form-body token next to the header, and answers a malformed JSON body with fixed text', async () => {
    const token = mint(keys, { scopes: ['Orders.Write'] });
    const form = await send(port, {
      method: 'POST',
      path: '/orders',
      headers: [['Authorization', `Bearer ${token}`], ['Content-Type', 'application/x-www-form-urlencoded']],
      body: `access_token=${token}`,
    });
    expectRefused(form, { status: 400, error: 'invalid_request', code: 'EG_REQUEST_DUPLICATE_CREDENTIALS' }, token);
    const broken = await send(port, {
      method: 'POST',
      path: '/orders',
      headers: [['Authorization', `Bearer ${token}`], ['Content-Type', 'application/json']],
      body: '{"item": ',
    });
    expect(broken.status).toBe(400);
    expect(broken.raw).not.toMatch(/SyntaxError|Unexpected|JSON\.parse|\bat\s/);
  });

  it('lets /public through anonymously but refuses a bad token there', async () => {
    expect((await get('/public')).json()).toEqual({ ok: true, kind: null });
    expect((await get('/public', mint(keys))).json()).toEqual({ ok: true, kind: 'user' });
    const forged = mint(keys, { key: keys.attacker });
    const res = await get('/public', forged);
    expectRefused(res, { status: 401, error: 'invalid_token', code: 'EG_KEY_NOT_FOUND' }, forged);
  });

  it('refuses with the right status and code', async () => {
    expectRefused(await get('/me'), MISSING);
    expectRefused(await get('/app', mint(keys)), INSUFFICIENT);
    expectRefused(await get('/user', mint(keys, { kind: 'app', roles: ['Orders.Read.All'] })), INSUFFICIENT);
    expectRefused(await get('/me', mint(keys, { scopes: [] })), NO_PERMISSIONS);
    expectRefused(await get('/tenants/0d3b5f7a-9c1e-4a2b-8d6f-1e3c5a7b9d0f/orders', mint(keys)), {
      status: 403,
      error: 'insufficient_scope',
      code: 'EG_TENANT_MISMATCH',
    });
    expectRefused(await get('/export', mint(keys)), { status: 403, error: 'insufficient_scope', code: 'EG_STEP_UP_REQUIRED' });
  });

  it('serves RFC 9728 metadata and names it in 401 challenges', async () => {
    const doc = await get(PROTECTED_RESOURCE_PATH);
    expect(doc.status).toBe(200);
    expect(doc.json()).toMatchObject({ resource: RESOURCE.resource, authorization_servers: RESOURCE.authorizationServers });
    expect((await get('/me')).headers['www-authenticate']).toBe(
      `Bearer realm="api", resource_metadata="https://api.example.com${PROTECTED_RESOURCE_PATH}"`,
    );
  });

  it('answers 404 on unknown routes', async () => {
    expect((await get('/nope', mint(keys))).status).toBe(404);
  });
});

describe.each(EXPRESS_MAJORS)('conformance app options on %s', (_name, express) => {
  it('accepts tokens without permissions when told to, and serves no metadata by default', async () => {
    const app = await expressConformanceApp(express)({ guard: keys.guardOptions, allowTokensWithoutPermissions: true });
    try {
      const port = Number(new URL(app.url).port);
      const res = await send(port, { path: '/me', headers: [['Authorization', `Bearer ${mint(keys, { scopes: [] })}`]] });
      expect(res.status).toBe(200);
      expect((await send(port, { path: PROTECTED_RESOURCE_PATH })).status).toBe(404);
      expect((await send(port, { path: '/me' })).headers['www-authenticate']).toBe('Bearer realm="api"');
    } finally {
      await app.close();
    }
  });
});
