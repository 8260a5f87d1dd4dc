// RFC 9728 protected-resource metadata: served by the plugin when `protectedResource` is set,
// named as `resource_metadata` in 401 challenges (not in 400/403).
import { PROTECTED_RESOURCE_PATH } from '@entra-guard/core';
import type { SigningKey } from '@entra-guard/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireScopes } from '../src/index.js';
import { bodyFor, createKeys, get, guardOptions, mint, rawGet, standardRoutes, startServer, T, type TestServer } from './helpers.js';

const AUTHORITY = `https://login.microsoftonline.com/${T}/v2.0`;
let key: SigningKey;
let attacker: SigningKey;
const servers: TestServer[] = [];

beforeAll(async () => {
  ({ key, attacker } = await createKeys());
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function start(resource: string | undefined): Promise<TestServer> {
  const protectedResource = resource === undefined ? {} : { protectedResource: { resource, authorizationServers: [AUTHORITY], scopesSupported: ['api://x/Orders.Read'] } };
  const server = await startServer({ ...guardOptions(key), ...protectedResource }, (app) => {
    standardRoutes(app);
    app.get('/scoped', { preHandler: app.entraGuard.require(requireScopes('Orders.Write')) }, async () => ({ ok: true }));
  });
  servers.push(server);
  return server;
}

describe('with protectedResource', () => {
  let s: TestServer;
  const resource = 'https://api.example.test';
  beforeAll(async () => {
    s = await start(resource);
  });
  it(`serves the document at ${PROTECTED_RESOURCE_PATH} without authentication`, async () => {
    const res = await get(`${s.url}${PROTECTED_RESOURCE_PATH}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body)).toEqual({
      resource,
      authorization_servers: [AUTHORITY],
      bearer_methods_supported: ['header'],
      resource_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['api://x/Orders.Read'],
    });
  });
  it('credentials are not looked at there: a bad token or two headers still get the document', async () => {
    expect((await get(`${s.url}${PROTECTED_RESOURCE_PATH}`, { authorization: `Bearer ${mint(attacker)}` })).status).toBe(200);
    expect((await rawGet(s.port, PROTECTED_RESOURCE_PATH, ['Authorization: Bearer a', 'Authorization: Bearer b'])).status).toBe(200);
  });
  it('401 challenges name it as resource_metadata', async () => {
    const none = await get(`${s.url}/me`);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe(`Bearer realm="api", resource_metadata="${resource}${PROTECTED_RESOURCE_PATH}"`);
    expect(none.body).toBe(bodyFor('EG_REQUEST_MISSING_TOKEN'));
    const bad = await get(`${s.url}/me`, { authorization: `Bearer ${mint(attacker)}` });
    expect(bad.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token", error_description="[^"]+", resource_metadata="https:\/\/api\.example\.test\/\.well-known\/oauth-protected-resource"$/);
  });
  it('403 and 400 challenges do not', async () => {
    const denied = await get(`${s.url}/scoped`, { authorization: `Bearer ${mint(key)}` });
    expect(denied.status).toBe(403);
    expect(denied.headers['www-authenticate']).not.toContain('resource_metadata');
    const twice = await rawGet(s.port, '/me', ['Authorization: Bearer a', 'Authorization: Bearer b']);
    expect(twice.status).toBe(400);
    expect(twice.headers['www-authenticate']).not.toContain('resource_metadata');
  });
});

describe('a resource with a path', () => {
  it('is served under the well-known path plus the resource path (RFC 9728 §3.1)', async () => {
    const s = await start('https://api.example.test/orders/');
    const res = await get(`${s.url}${PROTECTED_RESOURCE_PATH}/orders`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ resource: 'https://api.example.test/orders/' });
    expect((await get(`${s.url}/me`)).headers['www-authenticate']).toContain(`resource_metadata="https://api.example.test${PROTECTED_RESOURCE_PATH}/orders"`);
  });
});

describe('without protectedResource', () => {
  it('nothing is served and challenges carry no resource_metadata', async () => {
    const s = await start(undefined);
    expect((await get(`${s.url}${PROTECTED_RESOURCE_PATH}`)).status).toBe(404);
    expect((await get(`${s.url}/me`)).headers['www-authenticate']).toBe('Bearer realm="api"');
  });
});
