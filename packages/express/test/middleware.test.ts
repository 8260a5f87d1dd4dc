// entraAuth, the policy middleware, requireAuth and entraErrorHandler over real HTTP on both
// Express majors: optional authentication, the no-permissions default and its opt-out,
// composition, tenant isolation, step-up, error rendering and fail-closed behaviour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NextFunction, Request, Response } from 'express';
import {
  anyOf as coreAnyOf,
  createEntraGuard,
  ForbiddenError,
  requireScopes as coreRequireScopes,
  requireUserRoles as coreRequireUserRoles,
  type EntraGuard,
  type Principal,
} from '@entra-guard/core';
import {
  allOf,
  anyOf,
  entraAuth,
  entraErrorHandler,
  requireAppPermissions,
  requireAuth,
  requireAuthContext,
  requirePolicy,
  requireScopes,
  requireTenant,
  requireUserRoles,
} from '../src/index.js';
import {
  bearer,
  createTestKeys,
  EXPRESS_MAJORS,
  expectNoLeak,
  expectRefused,
  INSUFFICIENT,
  listen,
  MALFORMED,
  MARKER,
  MISSING,
  mint,
  NO_PERMISSIONS,
  send,
  T,
  type Listening,
  type RawResponse,
  type TestKeys,
} from './support.js';

const OTHER_TENANT = '0d3b5f7a-9c1e-4a2b-8d6f-1e3c5a7b9d0f';
let keys: TestKeys;
let guard: EntraGuard;
beforeAll(async () => {
  keys = await createTestKeys();
  guard = createEntraGuard(keys.guardOptions);
});
afterAll(() => guard.close());

const ok = (req: Request, res: Response): void => {
  res.json({ ok: true, kind: req.auth?.kind ?? null });
};

describe.each(EXPRESS_MAJORS)('middleware on %s', (_name, express) => {
  let server: Listening;
  const internalErrors: unknown[] = [];
  const get = (path: string, token?: string, extra: [string, string][] = []): Promise<RawResponse> =>
    send(server.port, { path, headers: [...(token === undefined ? [] : [bearer(token)]), ...extra] });

  beforeAll(async () => {
    const app = express();
    app.use(express.json());
    const auth = entraAuth(guard, { onInternalError: (error) => internalErrors.push(error) });
    const optional = entraAuth(guard, { optional: true });
    const acl = entraAuth(guard, { allowTokensWithoutPermissions: true });

    app.get('/me', auth, (req, res) => {
      const principal = requireAuth(req);
      res.json({ kind: principal.kind, tenantId: principal.tenantId, frozen: Object.isFrozen(req.auth), same: principal === req.auth });
    });
    app.get('/optional', optional, (req, res) => {
      res.json({ anonymous: req.auth === undefined, kind: req.auth?.kind ?? null });
    });
    app.get('/optional/orders', optional, requireScopes('Orders.Read'), ok);
    app.get('/optional/require-auth', optional, (req, res) => {
      res.json({ kind: requireAuth(req).kind });
    });
    app.get('/acl', acl, ok);
    app.get('/policy-without-auth', requireScopes('Orders.Read'), ok);
    app.get('/handler-without-auth', (req, res) => {
      res.json({ kind: requireAuth(req).kind });
    });
    // Another library writing req.auth must not pass for a validated caller.
    const fake = { kind: 'user', tenantId: T, scopes: new Set(['Orders.Read']), roles: new Set() } as unknown as Principal;
    app.get('/spoofed', optional, (req: Request, _res: Response, next: NextFunction) => {
      req.auth = fake;
      next();
    }, requireScopes('Orders.Read'), ok);
    app.get('/any', auth, anyOf(requireUserRoles('Orders.Admin'), requireAppPermissions('Orders.ReadWrite.All')), ok);
    app.get('/all', auth, allOf(requireScopes('Orders.Read'), coreRequireUserRoles('Orders.Admin')), ok);
    app.get('/core-policy', auth, requirePolicy(coreAnyOf(coreRequireScopes('Orders.Write'), coreRequireScopes('Orders.Read'))), ok);
    app.get('/tenants/:tenantId/orders', auth, requireTenant('tenantId'), ok);
    app.get('/tenant-header', auth, requireTenant((context) => context.request.get('x-tenant-id')), ok);
    app.get('/tenant-bug', auth, requireTenant(() => {
      throw new Error(`tenant lookup failed for ${MARKER}`);
    }), ok);
    app.get('/stepup', auth, requireAuthContext('c1'), ok);
    app.get('/throws-entra', auth, () => {
      throw new ForbiddenError('EG_INSUFFICIENT_PERMISSIONS', `app-level refusal about ${MARKER}`);
    });
    app.get('/throws-other', auth, () => {
      throw new Error(`boom ${MARKER}`);
    });
    app.use(entraErrorHandler());
    app.use((_err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).json({ custom: true });
    });
    server = await listen(app);
  });
  afterAll(() => server.close());

  describe('entraAuth', () => {
    it('sets req.auth to the frozen principal that requireAuth returns', async () => {
      const res = await get('/me', mint(keys));
      expect(res.json()).toEqual({ kind: 'user', tenantId: T, frozen: true, same: true });
      const app = await get('/me', mint(keys, { kind: 'app', roles: ['Orders.Read.All'] }));
      expect(app.json()).toMatchObject({ kind: 'app' });
    });

    it('refuses a valid token with neither scp nor roles (403 EG_NO_PERMISSIONS) by default', async () => {
      const token = mint(keys, { scopes: [] });
      expectRefused(await get('/me', token), NO_PERMISSIONS, token);
      const app = mint(keys, { kind: 'app' });
      expectRefused(await get('/me', app), NO_PERMISSIONS, app);
    });

    it('accepts such a token with allowTokensWithoutPermissions', async () => {
      // Without scp a token is app-only by definition (DESIGN §4), whatever it was minted as.
      expect((await get('/acl', mint(keys, { scopes: [] }))).json()).toEqual({ ok: true, kind: 'app' });
      expect((await get('/acl', mint(keys, { kind: 'app' }))).json()).toEqual({ ok: true, kind: 'app' });
      // It relaxes nothing else.
      expectRefused(await get('/acl'), MISSING);
      const forged = mint(keys, { key: keys.attacker, scopes: [] });
      expectRefused(await get('/acl', forged), { status: 401, error: 'invalid_token', code: 'EG_KEY_NOT_FOUND' }, forged);
    });

    it('refuses expired, forged and wrong-audience tokens with fixed text', async () => {
      const expired = mint(keys, { now: Math.floor(Date.now() / 1000) - 7200, lifetimeSeconds: 3600 });
      expectRefused(await get('/me', expired), { status: 401, error: 'invalid_token', code: 'EG_TOKEN_EXPIRED' }, expired);
      const forged = mint(keys, { key: keys.attacker });
      expectRefused(await get('/me', forged), { status: 401, error: 'invalid_token', code: 'EG_KEY_NOT_FOUND' }, forged);
      const otherAudience = mint(keys, { audience: 'api://another-api' });
      expectRefused(await get('/me', otherAudience), { status: 401, error: 'invalid_token', code: 'EG_AUDIENCE_INVALID' }, otherAudience);
    });
  });

  describe('optional authentication', () => {
    it('lets a request without credentials through as anonymous', async () => {
      expect((await get('/optional')).json()).toEqual({ anonymous: true, kind: null });
      expect((await get('/optional', undefined, [['Authorization', 'Basic dXNlcjpwYXNz']])).json()).toEqual({ anonymous: true, kind: null });
      expect((await send(server.port, { path: `/optional?access_token=${mint(keys)}` })).json()).toEqual({ anonymous: true, kind: null });
    });

    it('authenticates a good token', async () => {
      expect((await get('/optional', mint(keys))).json()).toEqual({ anonymous: false, kind: 'user' });
    });

    it('still refuses bad, duplicated and permission-less credentials', async () => {
      const forged = mint(keys, { key: keys.attacker });
      expectRefused(await get('/optional', forged), { status: 401, error: 'invalid_token', code: 'EG_KEY_NOT_FOUND' }, forged);
      expectRefused(await get('/optional', undefined, [['Authorization', 'Bearer a b']]), MALFORMED);
      const dup = await send(server.port, { path: '/optional', headers: [bearer(mint(keys)), bearer(mint(keys))] });
      expectRefused(dup, { status: 400, error: 'invalid_request', code: 'EG_REQUEST_DUPLICATE_CREDENTIALS' });
      expectRefused(await get('/optional', mint(keys, { scopes: [] })), NO_PERMISSIONS);
    });

    it('answers 401 when a policy or requireAuth meets the anonymous caller', async () => {
      expectRefused(await get('/optional/orders'), MISSING);
      expect((await get('/optional/orders', mint(keys))).status).toBe(200);
      expectRefused(await get('/optional/require-auth'), MISSING);
    });
  });

  describe('policy middleware', () => {
    it('answers 401 without a prior entraAuth, whatever the token', async () => {
      expectRefused(await get('/policy-without-auth'), MISSING);
      expectRefused(await get('/policy-without-auth', mint(keys)), MISSING);
      expectRefused(await get('/handler-without-auth', mint(keys)), MISSING);
    });

    it('decides on the principal entraAuth validated, not on whatever req.auth holds', async () => {
      expectRefused(await get('/spoofed'), MISSING);
    });

    it('composes express and core policies with anyOf / allOf', async () => {
      expect((await get('/any', mint(keys, { roles: ['Orders.Admin'] }))).status).toBe(200);
      expect((await get('/any', mint(keys, { kind: 'app', roles: ['Orders.ReadWrite.All'] }))).status).toBe(200);
      const denied = await get('/any', mint(keys));
      expectRefused(denied, INSUFFICIENT);
      expect(denied.headers['www-authenticate']).toContain('scope="Orders.Admin Orders.ReadWrite.All"');
      // A user role is never an application permission, and vice versa.
      expectRefused(await get('/any', mint(keys, { kind: 'app', roles: ['Orders.Admin'] })), INSUFFICIENT);
      expect((await get('/all', mint(keys, { roles: ['Orders.Admin'] }))).status).toBe(200);
      expectRefused(await get('/all', mint(keys)), INSUFFICIENT);
      expect((await get('/core-policy', mint(keys))).status).toBe(200);
    });

    it('isolates tenants by route parameter or function', async () => {
      expect((await get(`/tenants/${T}/orders`, mint(keys))).status).toBe(200);
      expect((await get(`/tenants/${T.toUpperCase()}/orders`, mint(keys))).status).toBe(200);
      const mismatch = { status: 403, error: 'insufficient_scope', code: 'EG_TENANT_MISMATCH' } as const;
      expectRefused(await get(`/tenants/${OTHER_TENANT}/orders`, mint(keys)), mismatch);
      expect((await get('/tenant-header', mint(keys), [['X-Tenant-Id', T]])).status).toBe(200);
      expectRefused(await get('/tenant-header', mint(keys), [['X-Tenant-Id', OTHER_TENANT]]), mismatch);
      expectRefused(await get('/tenant-header', mint(keys)), mismatch);
    });

    it('asks CAE-capable clients to step up with a claims challenge, others get 403', async () => {
      expect((await get('/stepup', mint(keys, { claims: { acrs: ['c1'] } }))).status).toBe(200);
      expectRefused(await get('/stepup', mint(keys)), { status: 403, error: 'insufficient_scope', code: 'EG_STEP_UP_REQUIRED' });
      const cae = await get('/stepup', mint(keys, { claims: { xms_cc: ['cp1'] } }));
      expectRefused(cae, { status: 401, error: 'insufficient_claims', code: 'EG_INSUFFICIENT_CLAIMS' });
      const claims = /claims="([^"]+)"/.exec(cae.headers['www-authenticate'] ?? '')?.[1] ?? '';
      expect(JSON.parse(Buffer.from(claims, 'base64').toString('utf8'))).toEqual({ access_token: { acrs: { essential: true, value: 'c1' } } });
    });

    it('fails closed with a generic 500 when a tenant function throws, and reports it', async () => {
      internalErrors.length = 0;
      const res = await get('/tenant-bug', mint(keys));
      expectRefused(res, { status: 500, error: null, code: 'EG_INTERNAL' });
      expect(internalErrors).toHaveLength(1);
      expect(String(internalErrors[0])).toContain('tenant lookup failed');
    });
  });

  describe('entraErrorHandler', () => {
    it('renders an EntraGuardError thrown by app code like the middleware does', async () => {
      const res = await get('/throws-entra', mint(keys));
      expectRefused(res, INSUFFICIENT);
      expect(res.headers['www-authenticate']).toBe(
        'Bearer realm="api", error="insufficient_scope", error_description="The access token does not grant the required permissions."',
      );
    });

    it('passes other errors on untouched', async () => {
      const res = await get('/throws-other', mint(keys));
      expect(res.status).toBe(500);
      expect(res.json()).toEqual({ custom: true });
      expectNoLeak(res);
    });
  });
});

describe('entraAuth options', () => {
  it('refuses bad options at creation with a TypeError', () => {
    expect(() => entraAuth(null as never)).toThrow(TypeError);
    expect(() => entraAuth(guard, { optional: 'yes' as never })).toThrow(TypeError);
    expect(() => entraAuth(guard, { realm: 1 as never })).toThrow(TypeError);
    expect(() => entraAuth(guard, { protectedResource: { resource: 'http://api.example.com', authorizationServers: ['https://login.microsoftonline.com/x/v2.0'] } })).toThrow(TypeError);
    expect(() => entraAuth({ clientId: T, tenancy: { mode: 'single', tenantId: 'not-a-guid' } })).toThrow(TypeError);
    expect(() => requireScopes('')).toThrow(TypeError);
    expect(() => requireScopes([])).toThrow(TypeError);
    expect(() => requirePolicy({} as never)).toThrow(TypeError);
    expect(() => anyOf()).toThrow(TypeError);
  });

  it('exposes the guard it was given or created, and the policy each builder carries', () => {
    expect(entraAuth(guard).guard).toBe(guard);
    const created = entraAuth(keys.guardOptions);
    expect(typeof created.guard.authenticate).toBe('function');
    created.guard.close();
    expect(requireScopes('Orders.Read').policy).toEqual({ kind: 'scopes', values: ['Orders.Read'], match: 'any' });
    expect(anyOf(requireUserRoles('A'), requireAppPermissions('B')).policy).toEqual({
      kind: 'any-of',
      policies: [
        { kind: 'user-roles', values: ['A'], match: 'any' },
        { kind: 'app-permissions', values: ['B'], match: 'any' },
      ],
    });
  });
});
