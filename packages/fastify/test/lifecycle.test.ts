// The guard's lifecycle: a guard the plugin creates is closed with the app (onClose); a guard
// passed in belongs to the caller and is left open. Also the remote-keys path end to end.
import * as core from '@entra-guard/core';
import { createSigningKeys, mintAccessToken, startKeyServer, TEST_API_CLIENT_ID, TEST_TENANT_ID, type KeyServer } from '@entra-guard/test-support';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { entraGuardPlugin } from '../src/index.js';
import { createKeys, get, guardOptions } from './helpers.js';

let keys: Awaited<ReturnType<typeof createKeys>>;
beforeAll(async () => {
  keys = await createKeys();
});

// Every guard the plugin creates, with close() counted (the guard itself is frozen, so wrap it).
const created = vi.hoisted(() => [] as { close: ReturnType<typeof vi.fn> }[]);
vi.mock('@entra-guard/core', async (importOriginal) => {
  const actual = await importOriginal<typeof core>();
  return {
    ...actual,
    createEntraGuard: (options: core.EntraGuardOptions): core.EntraGuard => {
      const guard = actual.createEntraGuard(options);
      const close = vi.fn(() => guard.close());
      created.push({ close });
      return { ...guard, close };
    },
  };
});

describe('onClose', () => {
  it('closes a guard the plugin created, once', async () => {
    const { key } = keys;
    const app = Fastify();
    await app.register(entraGuardPlugin, guardOptions(key));
    await app.ready();
    const guard = created.at(-1)!;
    expect(guard.close).not.toHaveBeenCalled();
    await app.close();
    expect(guard.close).toHaveBeenCalledTimes(1);
  });
  it('leaves a guard passed in open', async () => {
    const { key } = keys;
    const real = core.createEntraGuard(guardOptions(key));
    const close = vi.fn();
    const app = Fastify();
    await app.register(entraGuardPlugin, { guard: { ...real, close } });
    await app.ready();
    await app.close();
    expect(close).not.toHaveBeenCalled();
    real.close();
  });
  it('closes the guard when registration fails after creating it', async () => {
    const { key } = keys;
    const app = Fastify();
    app.decorate('entraGuard', null as never); // makes the plugin's own decorate() throw
    const before = created.length;
    await expect(app.register(entraGuardPlugin, guardOptions(key))).rejects.toThrow();
    expect(created.length).toBe(before + 1);
    expect(created.at(-1)!.close).toHaveBeenCalledTimes(1);
    await app.close();
  });
});

describe('remote keys from an Entra-shaped key server', () => {
  let server: KeyServer;
  let published: core.EntraGuardOptions;
  let remote: Awaited<ReturnType<typeof createSigningKeys>>;
  beforeAll(async () => {
    // Default JWK issuer: `{origin}/{tenantid}/v2.0`, filled in with the server's origin.
    remote = await createSigningKeys(2);
    server = await startKeyServer({ keys: [remote[0]!] });
    published = {
      clientId: TEST_API_CLIENT_ID,
      tenancy: { mode: 'single', tenantId: TEST_TENANT_ID },
      cloud: { authorityHost: server.origin },
      fetch: server.fetch,
    };
  });
  afterAll(async () => {
    await server.close();
  });
  async function listen(): Promise<{ app: ReturnType<typeof Fastify>; url: string }> {
    const app = Fastify();
    await app.register(entraGuardPlugin, published);
    app.get('/me', async (request) => ({ kind: request.auth?.kind }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
  }
  const tokenFrom = (key: Parameters<typeof mintAccessToken>[0]['key']): string =>
    mintAccessToken({ key, issuerOrigin: server.origin, tenantId: TEST_TENANT_ID, audience: TEST_API_CLIENT_ID });

  it('accepts a token signed by a published key, and closes the guard with the app', async () => {
    const { app, url } = await listen();
    const res = await get(`${url}/me`, { authorization: `Bearer ${tokenFrom(remote[0]!)}` });
    expect([res.status, JSON.parse(res.body)]).toEqual([200, { kind: 'user' }]);
    expect(server.countRequests('keys')).toBeGreaterThan(0);
    await app.close();
    expect(created.at(-1)!.close).toHaveBeenCalledTimes(1);
  });
  it('a token from a key the server never published → 401 EG_KEY_NOT_FOUND', async () => {
    const { app, url } = await listen();
    const res = await get(`${url}/me`, { authorization: `Bearer ${tokenFrom(remote[1]!)}` });
    expect([res.status, JSON.parse(res.body).code]).toEqual([401, 'EG_KEY_NOT_FOUND']);
    await app.close();
  });
});
