// Errors thrown by route handlers: EntraGuardErrors are written as the hooks write them; every
// other error reaches the app's, the route's or Fastify's default handler, in any registration order.
import { MissingTokenError } from '@entra-guard/core';
import type { SigningKey } from '@entra-guard/test-support';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entraGuardPlugin, requireUserRoles } from '../src/index.js';
import { bodyFor, createKeys, expectRefusal, get, guardOptions, mint, startServer, type TestServer } from './helpers.js';

let key: SigningKey;
const servers: TestServer[] = [];

async function start(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  ({ key } = await createKeys());
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('errors thrown by route handlers', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await start(guardOptions(key), (app) => {
      app.get('/admin', async (request) => {
        // A decision inside the handler: core throws the right EntraGuardError.
        app.entraGuard.guard.authorize(request.auth!, requireUserRoles('Orders.Admin'));
        return { ok: true };
      });
      app.get('/boom', async () => {
        throw new Error('database exploded');
      });
      app.get('/teapot', async () => {
        throw Object.assign(new Error('short and stout'), { statusCode: 418 });
      });
      app.get('/missing', async () => {
        throw new MissingTokenError('EG_REQUEST_MISSING_TOKEN', 'handler decided');
      });
    });
  });
  it('EntraGuardErrors are written exactly as the hooks write them', async () => {
    const res = await get(`${s.url}/admin`, bearer(mint(key)));
    expect(res.status).toBe(403);
    expect(res.body).toBe(bodyFor('EG_INSUFFICIENT_PERMISSIONS'));
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="api", error="insufficient_scope", error_description="The access token does not grant the required permissions.", scope="Orders.Admin"',
    );
    expect(res.headers['content-type']).toBe('application/problem+json');
    expectRefusal(await get(`${s.url}/missing`, bearer(mint(key))), 'EG_REQUEST_MISSING_TOKEN');
    expect((await get(`${s.url}/admin`, bearer(mint(key, { roles: ['Orders.Admin'] })))).status).toBe(200);
  });
  it('other errors go on to Fastify’s default handler', async () => {
    const boom = await get(`${s.url}/boom`, bearer(mint(key)));
    expect(boom.status).toBe(500);
    expect(JSON.parse(boom.body)).toMatchObject({ statusCode: 500, error: 'Internal Server Error' });
    const teapot = await get(`${s.url}/teapot`, bearer(mint(key)));
    expect(teapot.status).toBe(418);
    expect(JSON.parse(teapot.body)).toMatchObject({ statusCode: 418, message: 'short and stout' });
  });
  it('an error handler set before the plugin still receives the other errors', async () => {
    const app = Fastify();
    app.setErrorHandler((_error, _request, reply) => {
      void reply.code(599).send({ mine: true });
    });
    await app.register(entraGuardPlugin, guardOptions(key));
    app.get('/boom', async () => {
      throw new Error('x');
    });
    app.get('/admin', async (request) => {
      app.entraGuard.guard.authorize(request.auth!, requireUserRoles('Orders.Admin'));
      return {};
    });
    const boom = await app.inject({ url: '/boom', headers: bearer(mint(key)) });
    expect([boom.statusCode, boom.json()]).toEqual([599, { mine: true }]);
    const admin = await app.inject({ url: '/admin', headers: bearer(mint(key)) });
    expect([admin.statusCode, admin.body]).toEqual([403, bodyFor('EG_INSUFFICIENT_PERMISSIONS')]);
    await app.close();
  });
  it('no collision with the app’s error handler, in either order, even with allowErrorHandlerOverride: false', async () => {
    for (const order of ['before', 'after'] as const) {
      const app = Fastify({ allowErrorHandlerOverride: false });
      const mine = (_error: Error, _request: unknown, reply: { code(n: number): { send(p: unknown): unknown } }): void => {
        void reply.code(599).send({ mine: order });
      };
      if (order === 'before') app.setErrorHandler(mine);
      await app.register(entraGuardPlugin, guardOptions(key));
      if (order === 'after') app.setErrorHandler(mine);
      app.get('/boom', async () => {
        throw new Error('x');
      });
      app.get('/admin', async (request) => {
        app.entraGuard.guard.authorize(request.auth!, requireUserRoles('Orders.Admin'));
        return {};
      });
      const boom = await app.inject({ url: '/boom', headers: bearer(mint(key)) });
      expect([boom.statusCode, boom.json()]).toEqual([599, { mine: order }]);
      const admin = await app.inject({ url: '/admin', headers: bearer(mint(key)) });
      expect([admin.statusCode, admin.body]).toEqual([403, bodyFor('EG_INSUFFICIENT_PERMISSIONS')]);
      await app.close();
    }
  });
  it('a route’s own error handler still receives the other errors', async () => {
    const app = Fastify();
    await app.register(entraGuardPlugin, guardOptions(key));
    const policy = requireUserRoles('Orders.Admin');
    app.get('/r', {
      errorHandler: (error, _request, reply) => {
        void reply.code(598).send({ route: error.message });
      },
      handler: async (request) => {
        if (request.headers['x-fail'] === 'plain') throw new Error('plain');
        app.entraGuard.guard.authorize(request.auth!, policy);
        return {};
      },
    });
    const plain = await app.inject({ url: '/r', headers: { ...bearer(mint(key)), 'x-fail': 'plain' } });
    expect([plain.statusCode, plain.json()]).toEqual([598, { route: 'plain' }]);
    const denied = await app.inject({ url: '/r', headers: bearer(mint(key)) });
    expect([denied.statusCode, denied.body]).toEqual([403, bodyFor('EG_INSUFFICIENT_PERMISSIONS')]);
    const head = await app.inject({ method: 'HEAD', url: '/r', headers: bearer(mint(key)) });
    expect(head.statusCode).toBe(403);
    await app.close();
  });
  it('errorHandler: false leaves error handling to the app, with sendError to write ours', async () => {
    const app = Fastify();
    await app.register(entraGuardPlugin, { ...guardOptions(key), errorHandler: false });
    app.setErrorHandler((error, _request, reply) => {
      void app.entraGuard.sendError(reply, error);
    });
    app.get('/admin', async (request) => {
      app.entraGuard.guard.authorize(request.auth!, requireUserRoles('Orders.Admin'));
      return {};
    });
    app.get('/boom', async () => {
      throw new Error('secret internals');
    });
    const admin = await app.inject({ url: '/admin', headers: bearer(mint(key)) });
    expect([admin.statusCode, admin.body]).toEqual([403, bodyFor('EG_INSUFFICIENT_PERMISSIONS')]);
    const boom = await app.inject({ url: '/boom', headers: bearer(mint(key)) });
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toMatchObject({ code: 'EG_INTERNAL' });
    expect(boom.body).not.toContain('secret internals');
    await app.close();
  });
});

