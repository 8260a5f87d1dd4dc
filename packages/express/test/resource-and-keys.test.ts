// RFC 9728 protected-resource metadata, the realm option, and the guard's key loading behind the
// middleware (nothing fetched at creation, 503 when keys cannot be had, failures of a revocation
// store answered 500 without leaking), on both Express majors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntraGuard, InvalidTokenError, PROTECTED_RESOURCE_PATH, type EntraGuard } from '@entra-guard/core';
import { createSigningKeys, mintAccessToken, startKeyServer, type KeyServer, type SigningKey } from '@entra-guard/test-support';
import { entraAuth, entraErrorHandler, protectedResourceHandler, requireScopes } from '../src/index.js';
import {
  bearer,
  C,
  createTestKeys,
  EXPRESS_MAJORS,
  expectRefused,
  listen,
  MARKER,
  MISSING,
  mint,
  send,
  T,
  type Listening,
  type TestKeys,
} from './support.js';

const RESOURCE = {
  resource: 'https://api.example.com/v1',
  authorizationServers: [`https://login.microsoftonline.com/${T}/v2.0`],
  scopesSupported: [`api://${C}/Orders.Read`],
};
const METADATA_PATH = `${PROTECTED_RESOURCE_PATH}/v1`;
const METADATA_URL = `https://api.example.com${METADATA_PATH}`;

let keys: TestKeys;
let guard: EntraGuard;
let remoteKey: SigningKey;
let keyServer: KeyServer;
beforeAll(async () => {
  keys = await createTestKeys();
  guard = createEntraGuard(keys.guardOptions);
  [remoteKey] = (await createSigningKeys(1)) as [SigningKey];
  keyServer = await startKeyServer({ keys: [remoteKey] });
});
afterAll(async () => {
  guard.close();
  await keyServer.close();
});

describe.each(EXPRESS_MAJORS)('protected-resource metadata on %s', (_name, express) => {
  let server: Listening;
  beforeAll(async () => {
    const app = express();
    // Mounted app-wide: the metadata must still be reachable without a token.
    app.use(entraAuth(guard, { realm: 'orders', protectedResource: RESOURCE }));
    app.get('/me', (_req, res) => {
      res.json({ ok: true });
    });
    app.get('/scoped', requireScopes('Orders.Write'), (_req, res) => {
      res.json({ ok: true });
    });
    app.get('/throws', () => {
      throw new InvalidTokenError('EG_TOKEN_REVOKED', 'revoked by the app');
    });
    app.use(entraErrorHandler());
    server = await listen(app);
  });
  afterAll(() => server.close());

  it('is served by entraAuth at the resource path without a token', async () => {
    const res = await send(server.port, { path: METADATA_PATH });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json()).toEqual({
      resource: RESOURCE.resource,
      authorization_servers: RESOURCE.authorizationServers,
      bearer_methods_supported: ['header'],
      resource_signing_alg_values_supported: ['RS256'],
      scopes_supported: RESOURCE.scopesSupported,
    });
    const head = await send(server.port, { method: 'HEAD', path: METADATA_PATH });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    // Only GET/HEAD of exactly that path; anything else still needs a token.
    expectRefused(await send(server.port, { method: 'POST', path: METADATA_PATH }), MISSING);
    expectRefused(await send(server.port, { path: PROTECTED_RESOURCE_PATH }), MISSING);
  });

  it('names the metadata and the realm in 401 challenges, not in 403s', async () => {
    const res = await send(server.port, { path: '/me' });
    expectRefused(res, MISSING);
    expect(res.headers['www-authenticate']).toBe(`Bearer realm="orders", resource_metadata="${METADATA_URL}"`);
    const forged = mint(keys, { key: keys.attacker });
    const bad = await send(server.port, { path: '/me', headers: [bearer(forged)] });
    expect(bad.headers['www-authenticate']).toMatch(/^Bearer realm="orders", error="invalid_token", error_description="[^"]+", resource_metadata="/);
    const denied = await send(server.port, { path: '/scoped', headers: [bearer(mint(keys))] });
    expect(denied.status).toBe(403);
    expect(denied.headers['www-authenticate']).toMatch(/^Bearer realm="orders", error="insufficient_scope"/);
    expect(denied.headers['www-authenticate']).not.toContain('resource_metadata');
  });

  it('entraErrorHandler renders with the options of the entraAuth that saw the request', async () => {
    const res = await send(server.port, { path: '/throws', headers: [bearer(mint(keys))] });
    expectRefused(res, { status: 401, error: 'invalid_token', code: 'EG_TOKEN_REVOKED' });
    expect(res.headers['www-authenticate']).toContain(`realm="orders"`);
    expect(res.headers['www-authenticate']).toContain(`resource_metadata="${METADATA_URL}"`);
  });
});

describe.each(EXPRESS_MAJORS)('protectedResourceHandler on %s', (_name, express) => {
  it('answers GET/HEAD at its own path and passes everything else on', async () => {
    const app = express();
    app.use(protectedResourceHandler({ resource: 'https://api.example.com', authorizationServers: RESOURCE.authorizationServers }));
    app.use((_req, res) => {
      res.status(404).json({ next: true });
    });
    const server = await listen(app);
    try {
      const doc = await send(server.port, { path: `${PROTECTED_RESOURCE_PATH}?x=1` });
      expect(doc.status).toBe(200);
      expect(doc.json()).toMatchObject({ resource: 'https://api.example.com' });
      expect((await send(server.port, { method: 'POST', path: PROTECTED_RESOURCE_PATH })).json()).toEqual({ next: true });
      expect((await send(server.port, { path: '/other' })).json()).toEqual({ next: true });
    } finally {
      await server.close();
    }
  });

  it('refuses a non-https resource at creation', () => {
    expect(() => protectedResourceHandler({ resource: 'http://api.example.com', authorizationServers: RESOURCE.authorizationServers })).toThrow(TypeError);
    expect(() => protectedResourceHandler({ resource: 'https://api.example.com', authorizationServers: [] })).toThrow(TypeError);
  });
});

describe.each(EXPRESS_MAJORS)('keys and failures behind the middleware on %s', (_name, express) => {
  async function appWith(auth: ReturnType<typeof entraAuth>): Promise<Listening> {
    const app = express();
    app.get('/r', auth, requireScopes('Orders.Read'), (req, res) => {
      res.json({ ok: true, kind: req.auth?.kind });
    });
    return listen(app);
  }

  it('fetches nothing when created and loads the keys on the first request', async () => {
    keyServer.clearRequests();
    const auth = entraAuth({ clientId: C, tenancy: { mode: 'single', tenantId: T }, cloud: { authorityHost: keyServer.origin }, fetch: keyServer.fetch });
    const server = await appWith(auth);
    try {
      expect(keyServer.requests).toHaveLength(0);
      const token = mintAccessToken({ key: remoteKey, issuerOrigin: keyServer.origin, tenantId: T, audience: C });
      const res = await send(server.port, { path: '/r', headers: [bearer(token)] });
      expect(res.json()).toEqual({ ok: true, kind: 'user' });
      expect(keyServer.countRequests('/discovery/v2.0/keys')).toBe(1);
    } finally {
      auth.guard.close();
      await server.close();
    }
  });

  it('answers 503 with Retry-After when no key can be had, and the process stays up', async () => {
    // Port 1 on loopback: nothing listens there, so every fetch fails at once.
    const auth = entraAuth({ clientId: C, tenancy: { mode: 'single', tenantId: T }, cloud: { authorityHost: 'https://127.0.0.1:1' } });
    const server = await appWith(auth);
    try {
      const token = mintAccessToken({ key: remoteKey, issuerOrigin: 'https://127.0.0.1:1', tenantId: T, audience: C });
      for (let i = 0; i < 2; i += 1) {
        const res = await send(server.port, { path: '/r', headers: [bearer(token)] });
        expectRefused(res, { status: 503, error: null, code: 'EG_KEYS_UNAVAILABLE' }, token);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      // Keys are unavailable, but a request without a token is still just unauthenticated.
      expectRefused(await send(server.port, { path: '/r' }), MISSING);
    } finally {
      auth.guard.close();
      await server.close();
    }
  });

  it('answers 503 EG_REVOCATION_UNAVAILABLE when the revocation store fails, leaking nothing', async () => {
    const reported: unknown[] = [];
    const auth = entraAuth(
      {
        ...keys.guardOptions,
        revocation: {
          check: () => Promise.reject(new Error(`redis://user:${MARKER}@cache.internal:6379 unreachable`)),
        },
      },
      {
        onInternalError: (error) => {
          reported.push(error);
          throw new Error('a logger that throws must not break the response');
        },
      },
    );
    const server = await appWith(auth);
    try {
      const token = mint(keys);
      const res = await send(server.port, { path: '/r', headers: [bearer(token)] });
      expectRefused(res, { status: 503, error: null, code: 'EG_REVOCATION_UNAVAILABLE' }, token);
      expect(res.raw).not.toContain('redis');
      // core turns the store failure into a typed 503, so it is no internal error
      expect(reported).toHaveLength(0);
    } finally {
      auth.guard.close();
      await server.close();
    }
  });
});
