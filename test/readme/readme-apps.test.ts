// The two ten-line apps in the README are these files, verbatim; here they run for real.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntraGuardOptions } from '@entra-guard/core';
import { createSigningKeys, mintAccessToken, type SigningKey } from '@entra-guard/test-support';
import { ordersApp as expressApp } from './express-app.js';
import { ordersApp as fastifyApp } from './fastify-app.js';

const T = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const OTHER = '99999999-8888-4777-8666-555555555555';
const API = '11111111-2222-4333-8444-555555555555';
let key: SigningKey;
let entra: EntraGuardOptions;

beforeAll(async () => {
  [key] = (await createSigningKeys(1)) as [SigningKey];
  const jwk = { ...key.jwk, issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' };
  entra = { clientId: API, tenancy: { mode: 'single', tenantId: T }, keys: { jwks: { keys: [jwk] } } };
});

const token = (kind: 'user' | 'app', extra: { scopes?: string[]; roles?: string[] } = {}) =>
  mintAccessToken({ key, issuerOrigin: 'https://login.microsoftonline.com', tenantId: T, audience: API, kind, ...extra });

describe('README', () => {
  it('shows the example files verbatim', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const file of ['express-app.ts', 'fastify-app.ts']) {
      expect(readme).toContain(readFileSync(new URL(file, import.meta.url), 'utf8').trim());
    }
  });
});

type Start = () => Promise<{ url: string; close: () => Promise<void> }>;
const starters: Record<string, Start> = {
  express: async () => {
    const server = expressApp(entra).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
  },
  fastify: async () => {
    const app = await fastifyApp(entra);
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url, close: () => app.close() };
  },
};

describe.each(Object.keys(starters))('the README %s app', (name) => {
  let app: Awaited<ReturnType<Start>>;
  beforeAll(async () => {
    app = await starters[name]!();
  });
  afterAll(() => app.close());
  const call = (path: string, bearer?: string, method = 'GET') =>
    fetch(`${app.url}${path}`, { method, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

  it('protects routes with scopes, app permissions, user roles and tenant isolation', async () => {
    expect((await call('/orders')).status).toBe(401);
    expect((await call('/orders', token('user', { scopes: ['Orders.Read'] }))).status).toBe(200);
    expect((await call('/orders', token('app', { roles: ['Orders.Read.All'] }))).status).toBe(200);
    expect((await call('/orders', token('user', { scopes: ['Profile.Read'] }))).status).toBe(403);
    expect((await call(`/tenants/${T}/orders`, token('user'))).status).toBe(200);
    expect((await call(`/tenants/${OTHER}/orders`, token('user'))).status).toBe(403);
    expect((await call('/orders/1', token('user', { roles: ['Orders.Admin'] }), 'DELETE')).status).toBe(204);
    expect((await call('/orders/1', token('app', { roles: ['Orders.Admin'] }), 'DELETE')).status).toBe(403);
  });
});
