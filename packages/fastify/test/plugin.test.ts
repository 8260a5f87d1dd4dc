// Behaviour of the plugin beyond token carriage: optional authentication, the no-permissions
// default, policies, failures outside the token, a guard passed in, challenges.
import { InsufficientClaimsError, toHttpResponse, type EntraGuard, type EntraGuardOptions } from '@entra-guard/core';
import type { SigningKey } from '@entra-guard/test-support';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entraGuardPlugin, requireAuthContext, requireScopes, requireTenant, type Policy } from '../src/index.js';
import { bodyFor, C, challengeFor, createKeys, expectRefusal, get, guardOptions, leaks, mint, standardRoutes, startServer, T, type TestServer } from './helpers.js';

let key: SigningKey;
let attacker: SigningKey;
const servers: TestServer[] = [];

async function start(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  ({ key, attacker } = await createKeys());
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('route-level optional authentication', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await start(guardOptions(key), standardRoutes);
  });
  it('no token → anonymous (request.auth === null)', async () => {
    expect(JSON.parse((await get(`${s.url}/public`)).body)).toEqual({ ok: true, kind: null });
  });
  it('another scheme is no credentials → anonymous', async () => {
    expect(JSON.parse((await get(`${s.url}/public`, { authorization: 'Basic dXNlcjpwYXNz' })).body)).toEqual({ ok: true, kind: null });
  });
  it('a valid token → authenticated', async () => {
    expect(JSON.parse((await get(`${s.url}/public`, bearer(mint(key)))).body)).toEqual({ ok: true, kind: 'user' });
  });
  it('a bad token is still refused', async () => {
    const forged = mint(attacker);
    expectRefusal(await get(`${s.url}/public`, bearer(forged)), 'EG_KEY_NOT_FOUND', forged);
    expectRefusal(await get(`${s.url}/public`, bearer(mint(key, { now: Math.floor(Date.now() / 1000) - 7200 }))), 'EG_TOKEN_EXPIRED');
  });
  it('requests that match no route are not authenticated: 404 with or without a token', async () => {
    for (const headers of [{}, bearer(mint(key)), bearer(mint(attacker))]) expect((await get(`${s.url}/nowhere`, headers)).status).toBe(404);
  });
});

describe('plugin-level optional: true', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await start({ ...guardOptions(key), optional: true }, (app) => {
      app.get('/me', async (request) => ({ kind: request.auth?.kind ?? null }));
      app.get('/strict', { config: { entraGuard: { optional: false } } }, async () => ({ ok: true }));
      app.get('/scoped', { preHandler: app.entraGuard.require(requireScopes('Orders.Read')) }, async () => ({ ok: true }));
    });
  });
  it('routes are optional by default', async () => {
    expect(JSON.parse((await get(`${s.url}/me`)).body)).toEqual({ kind: null });
    expect(JSON.parse((await get(`${s.url}/me`, bearer(mint(key)))).body)).toEqual({ kind: 'user' });
    expectRefusal(await get(`${s.url}/me`, bearer(mint(attacker))), 'EG_KEY_NOT_FOUND');
  });
  it('a route can require a token with { optional: false }', async () => {
    expectRefusal(await get(`${s.url}/strict`), 'EG_REQUEST_MISSING_TOKEN');
    expect((await get(`${s.url}/strict`, bearer(mint(key)))).status).toBe(200);
  });
  it('require(policy) refuses anonymous callers with 401 (no error code)', async () => {
    expectRefusal(await get(`${s.url}/scoped`), 'EG_REQUEST_MISSING_TOKEN');
    expect((await get(`${s.url}/scoped`, bearer(mint(key)))).status).toBe(200);
  });
});

describe('tokens with neither scp nor roles', () => {
  // A delegated-looking token without scp is an app token to core (kind follows scp).
  const noPermissions = (): string[] => [mint(key, { scopes: [] }), mint(key, { kind: 'app' })];
  it('are refused with 403 EG_NO_PERMISSIONS by default, on optional routes too', async () => {
    const s = await start(guardOptions(key), standardRoutes);
    for (const token of noPermissions()) {
      for (const path of ['/me', '/public']) {
        const res = await get(`${s.url}${path}`, bearer(token));
        expectRefusal(res, 'EG_NO_PERMISSIONS', token);
      }
    }
    // positive control: a role alone is a permission
    expect((await get(`${s.url}/me`, bearer(mint(key, { kind: 'app', roles: ['Orders.Read.All'] })))).status).toBe(200);
  });
  it('are accepted with allowTokensWithoutPermissions: true', async () => {
    const s = await start({ ...guardOptions(key), allowTokensWithoutPermissions: true }, standardRoutes);
    for (const token of noPermissions()) {
      expect(JSON.parse((await get(`${s.url}/me`, bearer(token))).body)).toMatchObject({ ok: true, kind: 'app' });
    }
  });
});

describe('require(policy)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await start({ ...guardOptions(key), realm: 'orders' }, (app) => {
      app.get('/read', { preHandler: app.entraGuard.require(requireScopes('Orders.Read')) }, async () => ({ ok: true }));
      app.get('/write', { preHandler: app.entraGuard.require(requireScopes(['Orders.Write', 'Orders.ReadWrite'])) }, async () => ({ ok: true }));
      app.get('/tenants/:tenantId', { preHandler: app.entraGuard.require(requireTenant('tenantId')) }, async () => ({ ok: true }));
      app.get('/step-up', { preHandler: app.entraGuard.require(requireAuthContext('c1')) }, async () => ({ ok: true }));
      app.get(
        '/by-request',
        { preHandler: app.entraGuard.require(requireTenant((context) => (context.request as { headers: Record<string, string> }).headers['x-tenant'])) },
        async () => ({ ok: true }),
      );
    });
  });
  it('allows what the policy allows', async () => {
    expect((await get(`${s.url}/read`, bearer(mint(key)))).status).toBe(200);
    expect((await get(`${s.url}/write`, bearer(mint(key, { scopes: ['Orders.ReadWrite'] })))).status).toBe(200);
  });
  it('403 insufficient_scope naming the scopes that would do, with the configured realm', async () => {
    const res = await get(`${s.url}/write`, bearer(mint(key)));
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="orders", error="insufficient_scope", error_description="The access token does not grant the required permissions.", scope="Orders.Write Orders.ReadWrite"',
    );
    expect(res.body).toBe(bodyFor('EG_INSUFFICIENT_PERMISSIONS'));
    expect(leaks(res)).toEqual([]);
  });
  it('the policy context carries the route params (upper-case GUIDs included) and the request', async () => {
    const token = mint(key);
    expect((await get(`${s.url}/tenants/${T}`, bearer(token))).status).toBe(200);
    expect((await get(`${s.url}/tenants/${T.toUpperCase()}`, bearer(token))).status).toBe(200);
    expect((await get(`${s.url}/tenants/0d3b5f7a-9c1e-4a2b-8d6f-1e3c5a7b9d0f`, bearer(token))).status).toBe(403);
    expect((await get(`${s.url}/by-request`, { ...bearer(token), 'x-tenant': T })).status).toBe(200);
    expect((await get(`${s.url}/by-request`, bearer(token))).status).toBe(403);
  });
  it('step-up: 403 for clients without cp1, a 401 claims challenge for CAE-capable clients', async () => {
    const plain = await get(`${s.url}/step-up`, bearer(mint(key)));
    expect(plain.status).toBe(403);
    expect(JSON.parse(plain.body).code).toBe('EG_STEP_UP_REQUIRED');
    const cae = await get(`${s.url}/step-up`, bearer(mint(key, { claims: { xms_cc: ['cp1'] } })));
    expect(cae.status).toBe(401);
    const expected = toHttpResponse(new InsufficientClaimsError('EG_INSUFFICIENT_CLAIMS', 'x', { claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}', authorizationUri: 'https://login.microsoftonline.com/common/oauth2/authorize' }), { realm: 'orders' });
    expect(cae.headers['www-authenticate']).toMatch(/^Bearer realm="orders", authorization_uri="https:\/\/login\.microsoftonline\.com\/common\/oauth2\/authorize", error="insufficient_claims", claims="[A-Za-z0-9+/=]+"$/);
    expect(cae.body).toBe(JSON.stringify(expected.body));
    expect(JSON.parse(Buffer.from(/claims="([^"]+)"/.exec(cae.headers['www-authenticate']!)![1]!, 'base64').toString())).toMatchObject({ access_token: { acrs: { essential: true } } });
  });
  it('refuses, at route definition, anything that is not a policy', () => {
    const app = Fastify();
    return app.register(entraGuardPlugin, guardOptions(key)).then(async () => {
      for (const bad of ['Orders.Read', undefined, null, {}, { kind: 'nope' }]) {
        expect(() => app.entraGuard.require(bad as unknown as Policy)).toThrow(TypeError);
      }
      await app.close();
    });
  });
});

describe('failures outside the token', () => {
  it('a throwing revocation store → 503 EG_REVOCATION_UNAVAILABLE with Retry-After, nothing of the error', async () => {
    const s = await start({ ...guardOptions(key), revocation: { check: () => Promise.reject(new Error('redis at 10.0.0.7 down')) } }, standardRoutes);
    const res = await get(`${s.url}/me`, bearer(mint(key)));
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.body).toBe(bodyFor('EG_REVOCATION_UNAVAILABLE'));
    expect(res.body).not.toContain('redis');
  });
  it('an error that is not an EntraGuardError → core’s generic 500, nothing of the error', async () => {
    const app = Fastify();
    await app.register(entraGuardPlugin, guardOptions(key));
    const real = app.entraGuard.guard;
    await app.close();
    const failure = (): never => {
      throw new Error('secret internals at 10.0.0.7');
    };
    // Thrown at once, rejected later, and a guard without the synchronous variant (an older core).
    const guards = {
      'throws synchronously': { ...real, authenticateMaybeSync: failure },
      rejects: { ...real, authenticateMaybeSync: () => Promise.reject(new Error('secret internals at 10.0.0.7')) },
      'promise-only guard': { ...real, authenticateMaybeSync: undefined, authenticate: () => Promise.reject(new Error('secret internals at 10.0.0.7')) },
    };
    for (const [name, broken] of Object.entries(guards)) {
      const s = await start({ guard: broken as unknown as EntraGuard }, standardRoutes);
      const res = await get(`${s.url}/me`, bearer(mint(key)));
      expect(res.status, name).toBe(500);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'EG_INTERNAL', status: 500 });
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.body).not.toContain('secret');
    }
  });
  it('a guard without authenticateMaybeSync (an older core) is used through authenticate()', async () => {
    const app = Fastify();
    await app.register(entraGuardPlugin, guardOptions(key));
    const real = app.entraGuard.guard;
    await app.close();
    let calls = 0;
    const older = {
      ...real,
      authenticateMaybeSync: undefined,
      authenticate: (header: string | readonly string[] | undefined | null) => {
        calls += 1;
        return real.authenticate(header);
      },
    };
    const s = await start({ guard: older as unknown as EntraGuard }, standardRoutes);
    expect((await get(`${s.url}/me`, bearer(mint(key)))).status).toBe(200);
    expect((await get(`${s.url}/me`, bearer('not-a-token'))).status).toBe(401);
    expect(calls).toBe(2);
  });
  it('signing keys unavailable and none cached → 503 with Retry-After, no Bearer error', async () => {
    const options: EntraGuardOptions = {
      clientId: C,
      tenancy: { mode: 'single', tenantId: T },
      // Nothing listens on port 1: discovery fails at once.
      cloud: { authorityHost: 'https://127.0.0.1:1' },
      keys: { timeoutMs: 2000 },
    };
    const s = await start(options, standardRoutes);
    const token = mint(key);
    const res = await get(`${s.url}/me`, bearer(token));
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(res.body).toBe(bodyFor('EG_KEYS_UNAVAILABLE'));
    expect(leaks(res, token)).toEqual([]);
  });
});

describe('a guard passed in', () => {
  it('is used as is and decorates app.entraGuard.guard', async () => {
    const app = Fastify();
    await app.register(entraGuardPlugin, guardOptions(key));
    const guard = app.entraGuard.guard;
    const s = await start({ guard, optional: false }, standardRoutes);
    expect(s.app.entraGuard.guard).toBe(guard);
    expect((await get(`${s.url}/me`, bearer(mint(key)))).status).toBe(200);
    expectRefusal(await get(`${s.url}/me`), 'EG_REQUEST_MISSING_TOKEN');
    await app.close();
  });
});

describe('challenges', () => {
  it('use the realm option in 401s', async () => {
    const s = await start({ ...guardOptions(key), realm: 'orders' }, standardRoutes);
    const res = await get(`${s.url}/me`);
    expect(res.headers['www-authenticate']).toBe(challengeFor('EG_REQUEST_MISSING_TOKEN', 'orders'));
    expect(res.body).toBe(bodyFor('EG_REQUEST_MISSING_TOKEN'));
  });
});
