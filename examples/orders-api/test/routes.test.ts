// Every route of DESIGN.md §6 against the emulator, with user (Alice the admin, Bob), app
// (daemons), guest, other-tenant (Erin), expired and wrong-scope tokens. Revocation has its
// own file (it changes what later requests see).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApi } from '../src/runtime.js';
import { A, B, client, startTestApi, startTestEmulator, tokens, USERS, type TestEmulator } from './support.js';

let te: TestEmulator;
let api: RunningApi;
let t: ReturnType<typeof tokens>;
let http: ReturnType<typeof client>;
const orderIds: Record<'alice' | 'bob' | 'erin' | 'guest' | 'sync', string> = { alice: '', bob: '', erin: '', guest: '', sync: '' };

beforeAll(async () => {
  te = await startTestEmulator();
  api = await startTestApi(te.emu);
  t = tokens(te.emu);
  http = client(api.url);
  for (const [who, token] of [['alice', t.alice()], ['bob', t.bob()], ['erin', t.erin()], ['guest', t.guest()], ['sync', t.syncDaemon()]] as const) {
    const res = await http.post('/api/orders', token, { item: `${who}'s order`, quantity: 2 });
    expect(res.status, who).toBe(201);
    orderIds[who] = res.body.id;
  }
}, 60_000);

afterAll(async () => {
  await api?.close();
  await te?.stop();
});

const problemOf = (res: { body: { code?: unknown } }) => res.body.code;

describe('authentication (every /api route)', () => {
  it('no token → 401 with a bare Bearer challenge', async () => {
    const res = await http.get('/api/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="orders-api"');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(problemOf(res)).toBe('EG_REQUEST_MISSING_TOKEN');
  });
  it('expired token → 401 invalid_token', async () => {
    const res = await http.get('/api/orders', t.expired());
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(problemOf(res)).toBe('EG_TOKEN_EXPIRED');
  });
  it('a token for another API → 401', async () => {
    const res = await http.get('/api/orders', t.otherAudience());
    expect(res.status).toBe(401);
    expect(res.body.code).toMatch(/^EG_/);
  });
  it('garbage and a tampered signature → 401', async () => {
    expect((await http.get('/api/me', 'not.a.token')).status).toBe(401);
    const good = t.bob();
    const tampered = `${good.slice(0, -4)}${good.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect((await http.get('/api/me', tampered)).status).toBe(401);
  });
  it('an app token with no permission for this API → 403 EG_NO_PERMISSIONS', async () => {
    const res = await http.get('/api/me', t.daemon({ roles: [] }));
    expect(res.status).toBe(403);
    expect(problemOf(res)).toBe('EG_NO_PERMISSIONS');
  });
  it('a token in the query string is never read; next to the header it is refused', async () => {
    const token = t.bob();
    expect((await http.get(`/api/me?access_token=${token}`)).status).toBe(401);
    const both = await http.get(`/api/me?access_token=${token}`, token);
    expect(both.status).toBe(400);
    expect(problemOf(both)).toBe('EG_REQUEST_DUPLICATE_CREDENTIALS');
  });
  it('responses never echo the token', async () => {
    const token = t.expired();
    const res = await http.get('/api/orders', token);
    expect(res.text).not.toContain(token);
    expect(res.text).not.toContain(USERS.bob.oid);
  });
});

describe('GET /api/me', () => {
  it('describes users, guests, other tenants and apps', async () => {
    const alice = await http.get('/api/me', t.alice());
    expect(alice.status).toBe(200);
    expect(alice.body).toMatchObject({ kind: 'user', tenantId: A, objectId: USERS.alice.oid, isGuest: false, roles: ['Orders.Admin'], scopes: ['Orders.Read', 'Orders.Write'] });
    expect((await http.get('/api/me', t.guest())).body).toMatchObject({ kind: 'user', tenantId: A, objectId: USERS.erinGuest.oid, isGuest: true });
    expect((await http.get('/api/me', t.erin())).body).toMatchObject({ kind: 'user', tenantId: B, objectId: USERS.erin.oid });
    const app = await http.get('/api/me', t.daemon());
    expect(app.body).toMatchObject({ kind: 'app', tenantId: A, roles: ['Orders.Read.All'], scopes: [] });
  });
  it('sets security headers and no-store', async () => {
    const res = await http.get('/api/me', t.bob());
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('GET /api/orders (Orders.Read or Orders.Read.All)', () => {
  const ids = (res: { body: { orders: { id: string }[] } }) => res.body.orders.map((o) => o.id).sort();
  it('a user sees their own orders only', async () => {
    expect(ids(await http.get('/api/orders', t.bob()))).toEqual([orderIds.bob]);
    expect(ids(await http.get('/api/orders', t.guest()))).toEqual([orderIds.guest]);
  });
  it('an admin and a daemon see their whole tenant, never another', async () => {
    const tenantA = [orderIds.alice, orderIds.bob, orderIds.guest, orderIds.sync].sort();
    expect(ids(await http.get('/api/orders', t.alice()))).toEqual(tenantA);
    expect(ids(await http.get('/api/orders', t.daemon()))).toEqual(tenantA);
  });
  it('another tenant sees its own data', async () => {
    expect(ids(await http.get('/api/orders', t.erin()))).toEqual([orderIds.erin]);
    expect(ids(await http.get('/api/orders', t.erin({ roles: ['Orders.Admin'] })))).toEqual([orderIds.erin]);
  });
  it('wrong scope → 403 insufficient_scope naming what would do', async () => {
    const res = await http.get('/api/orders', t.bob({ scopes: ['Orders.Write'] }));
    expect(res.status).toBe(403);
    expect(problemOf(res)).toBe('EG_INSUFFICIENT_PERMISSIONS');
    expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(res.headers.get('www-authenticate')).toContain('Orders.Read');
  });
  it('a daemon with only ReadWrite.All is not a reader (the contract names Read.All)', async () => {
    expect((await http.get('/api/orders', t.syncDaemon({ roles: ['Orders.ReadWrite.All'] }))).status).toBe(403);
  });
  it('validates ?limit', async () => {
    expect((await http.get('/api/orders?limit=1', t.alice())).body.orders).toHaveLength(1);
    for (const bad of ['0', '101', 'abc', '1.5', '-1']) {
      const res = await http.get(`/api/orders?limit=${bad}`, t.alice());
      expect(res.status, bad).toBe(400);
      expect(res.body).toMatchObject({ code: 'ORDERS_VALIDATION_FAILED', errors: [{ field: 'query.limit' }] });
    }
    expect((await http.get('/api/orders?limit=1&limit=2', t.alice())).status).toBe(400);
  });
});

describe('POST /api/orders (Orders.Write or Orders.ReadWrite.All)', () => {
  it('creates an order owned by the caller, with a Location', async () => {
    const res = await http.post('/api/orders', t.bob(), { item: '  Stapler  ', quantity: 3 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ tenantId: A, ownerObjectId: USERS.bob.oid, item: 'Stapler', quantity: 3 });
    expect(res.headers.get('location')).toBe(`/api/orders/${res.body.id}`);
    await http.del(`/api/orders/${res.body.id}`, t.alice());
  });
  it('a daemon with ReadWrite.All creates orders owned by its service principal', async () => {
    const res = await http.get(`/api/orders/${orderIds.sync}`, t.daemon());
    expect(res.status).toBe(200);
    expect(res.body.ownerObjectId).not.toBe(USERS.alice.oid);
  });
  it('read-only callers → 403', async () => {
    expect((await http.post('/api/orders', t.bob({ scopes: ['Orders.Read'] }), { item: 'x', quantity: 1 })).status).toBe(403);
    expect((await http.post('/api/orders', t.daemon(), { item: 'x', quantity: 1 })).status).toBe(403);
  });
  it.each([
    ['missing item', { quantity: 1 }, 'body.item'],
    ['empty item', { item: '   ', quantity: 1 }, 'body.item'],
    ['item too long', { item: 'x'.repeat(201), quantity: 1 }, 'body.item'],
    ['item not a string', { item: 7, quantity: 1 }, 'body.item'],
    ['control characters', { item: 'a\u0000b', quantity: 1 }, 'body.item'],
    ['missing quantity', { item: 'x' }, 'body.quantity'],
    ['quantity 0', { item: 'x', quantity: 0 }, 'body.quantity'],
    ['quantity 1001', { item: 'x', quantity: 1001 }, 'body.quantity'],
    ['fractional quantity', { item: 'x', quantity: 1.5 }, 'body.quantity'],
    ['quantity as a string', { item: 'x', quantity: '2' }, 'body.quantity'],
    ['unknown field', { item: 'x', quantity: 1, ownerObjectId: USERS.alice.oid }, 'body.ownerObjectId'],
    ['an array', [{ item: 'x', quantity: 1 }], 'body'],
  ])('400 for %s', async (_name, body, field) => {
    const res = await http.post('/api/orders', t.bob(), body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('ORDERS_VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
  it('reports every problem at once', async () => {
    const res = await http.post('/api/orders', t.bob(), { quantity: -1, colour: 'red' });
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.colour', 'body.item', 'body.quantity']);
  });
  it('malformed JSON → 400, another media type → 415, a huge body → 413, a body token → 400', async () => {
    const bob = t.bob();
    const malformed = await http.call('POST', '/api/orders', { token: bob, raw: '{"item":', headers: { 'content-type': 'application/json' } });
    expect([malformed.status, malformed.body.code]).toEqual([400, 'ORDERS_MALFORMED_JSON']);
    const text = await http.call('POST', '/api/orders', { token: bob, raw: 'item=x', headers: { 'content-type': 'text/plain' } });
    expect([text.status, text.body.code]).toEqual([415, 'ORDERS_UNSUPPORTED_MEDIA_TYPE']);
    const huge = await http.post('/api/orders', bob, { item: 'x'.repeat(20_000), quantity: 1 });
    expect([huge.status, huge.body.code]).toEqual([413, 'ORDERS_BODY_TOO_LARGE']);
    const carried = await http.post('/api/orders', bob, { item: 'x', quantity: 1, access_token: bob });
    expect([carried.status, carried.body.code]).toEqual([400, 'EG_REQUEST_DUPLICATE_CREDENTIALS']);
  });
});

describe('GET /api/orders/:id (ownership)', () => {
  it('the owner reads it', async () => {
    const res = await http.get(`/api/orders/${orderIds.bob}`, t.bob());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: orderIds.bob, ownerObjectId: USERS.bob.oid, tenantId: A });
  });
  it('same tenant, not the owner → 403; the admin and a Read.All daemon may', async () => {
    const bobReadsAlice = await http.get(`/api/orders/${orderIds.alice}`, t.bob());
    expect([bobReadsAlice.status, bobReadsAlice.body.code]).toEqual([403, 'ORDERS_NOT_OWNER']);
    expect((await http.get(`/api/orders/${orderIds.bob}`, t.guest())).status).toBe(403);
    expect((await http.get(`/api/orders/${orderIds.bob}`, t.alice())).status).toBe(200);
    expect((await http.get(`/api/orders/${orderIds.bob}`, t.daemon())).status).toBe(200);
  });
  it('another tenant → 404, even for its admin', async () => {
    for (const token of [t.erin(), t.erin({ roles: ['Orders.Admin'] })]) {
      const res = await http.get(`/api/orders/${orderIds.bob}`, token);
      expect([res.status, res.body.code]).toEqual([404, 'ORDERS_NOT_FOUND']);
    }
    expect((await http.get(`/api/orders/${orderIds.erin}`, t.alice())).status).toBe(404);
  });
  it('an unknown id → 404, a malformed id → 400', async () => {
    expect((await http.get('/api/orders/00000000-0000-4000-8000-000000000000', t.bob())).status).toBe(404);
    const bad = await http.get('/api/orders/42', t.bob());
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'params.id', message: 'must be a UUID' }]);
  });
  it('wrong scope → 403 before any lookup', async () => {
    expect((await http.get(`/api/orders/${orderIds.bob}`, t.bob({ scopes: ['Orders.Write'] }))).status).toBe(403);
  });
});

describe('GET /api/tenants/:tenantId/orders (tenant isolation)', () => {
  it("the caller's own tenant → 200", async () => {
    const bob = await http.get(`/api/tenants/${A}/orders`, t.bob());
    expect(bob.status).toBe(200);
    expect(bob.body.orders.map((o: { id: string }) => o.id)).toEqual([orderIds.bob]);
    expect((await http.get(`/api/tenants/${B}/orders`, t.erin())).body.orders.map((o: { id: string }) => o.id)).toEqual([orderIds.erin]);
    expect((await http.get(`/api/tenants/${A}/orders`, t.daemon())).status).toBe(200);
  });
  it('another tenant → 403 EG_TENANT_MISMATCH', async () => {
    for (const [path, token] of [[`/api/tenants/${B}/orders`, t.alice()], [`/api/tenants/${A}/orders`, t.erin()], [`/api/tenants/${B}/orders`, t.guest()], ['/api/tenants/not-a-tenant/orders', t.bob()]] as const) {
      const res = await http.get(path, token);
      expect(res.status, path).toBe(403);
      expect(res.body.code).toBe('EG_TENANT_MISMATCH');
    }
  });
});

describe('GET /api/orders/export (step-up: authentication context c1)', () => {
  it('without c1 → 403 EG_STEP_UP_REQUIRED', async () => {
    const res = await http.get('/api/orders/export', t.bob());
    expect([res.status, res.body.code]).toEqual([403, 'EG_STEP_UP_REQUIRED']);
    expect((await http.get('/api/orders/export', t.daemon())).status).toBe(403);
  });
  it('a CAE-capable client (xms_cc cp1) gets a 401 claims challenge instead', async () => {
    const res = await http.get('/api/orders/export', t.bob({ claims: { xms_cc: ['cp1'] } }));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('EG_INSUFFICIENT_CLAIMS');
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_claims"');
    const claims = /claims="([^"]+)"/.exec(challenge)?.[1] ?? '';
    expect(JSON.parse(Buffer.from(claims, 'base64').toString('utf8'))).toEqual({ access_token: { acrs: { essential: true, value: 'c1' } } });
  });
  it('with c1 → CSV of what the caller may list', async () => {
    const res = await http.get('/api/orders/export', t.bob({ claims: { acrs: ['c1'] } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const rows = res.text.trim().split('\r\n');
    expect(rows[0]).toBe('id,tenantId,ownerObjectId,item,quantity,createdAt');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(orderIds.bob);
  });
  it('defuses spreadsheet formulas', async () => {
    const made = await http.post('/api/orders', t.guest(), { item: '=HYPERLINK("http://evil")', quantity: 1 });
    const res = await http.get('/api/orders/export', t.guest({ claims: { acrs: ['c1'] } }));
    expect(res.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    await http.del(`/api/orders/${made.body.id}`, t.alice());
  });
  it('still needs a read permission', async () => {
    expect((await http.get('/api/orders/export', t.bob({ scopes: ['Orders.Write'], claims: { acrs: ['c1'] } }))).status).toBe(403);
  });
});

describe('DELETE /api/orders/:id (Orders.Admin or Orders.ReadWrite.All)', () => {
  it('plain users, guests and Read.All daemons → 403', async () => {
    for (const token of [t.bob(), t.guest(), t.erin(), t.daemon()]) {
      const res = await http.del(`/api/orders/${orderIds.bob}`, token);
      expect([res.status, res.body.code]).toEqual([403, 'EG_INSUFFICIENT_PERMISSIONS']);
    }
  });
  it("another tenant's admin → 404 and nothing is deleted", async () => {
    expect((await http.del(`/api/orders/${orderIds.bob}`, t.erin({ roles: ['Orders.Admin'] }))).status).toBe(404);
    expect((await http.get(`/api/orders/${orderIds.bob}`, t.bob())).status).toBe(200);
  });
  it('the admin deletes any order of her tenant; ReadWrite.All daemons too', async () => {
    const a = await http.post('/api/orders', t.bob(), { item: 'to delete', quantity: 1 });
    expect((await http.del(`/api/orders/${a.body.id}`, t.alice())).status).toBe(204);
    expect((await http.get(`/api/orders/${a.body.id}`, t.bob())).status).toBe(404);
    expect((await http.del(`/api/orders/${a.body.id}`, t.alice())).status).toBe(404);
    const b = await http.post('/api/orders', t.bob(), { item: 'to delete', quantity: 1 });
    expect((await http.del(`/api/orders/${b.body.id}`, t.syncDaemon())).status).toBe(204);
  });
  it('validates the id', async () => {
    expect((await http.del('/api/orders/nope', t.alice())).status).toBe(400);
  });
});

describe('unknown routes', () => {
  it('404 problem under /api (after authentication) and elsewhere', async () => {
    expect((await http.get('/api/nothing-here')).status).toBe(401);
    const api404 = await http.get('/api/nothing-here', t.bob());
    expect([api404.status, api404.body.code]).toEqual([404, 'ORDERS_ROUTE_NOT_FOUND']);
    expect((await http.get('/nothing-here')).status).toBe(404);
  });
});
