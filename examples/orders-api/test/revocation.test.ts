// POST /api/admin/revocations: an Orders.Admin refuses every token of a user of her tenant
// issued before now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApi } from '../src/runtime.js';
import { A, B, client, startTestApi, startTestEmulator, tokens, USERS, type TestEmulator } from './support.js';

let te: TestEmulator;
let api: RunningApi;
let t: ReturnType<typeof tokens>;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  te = await startTestEmulator();
  api = await startTestApi(te.emu);
  t = tokens(te.emu);
  http = client(api.url);
}, 60_000);

afterAll(async () => {
  await api?.close();
  await te?.stop();
});

const now = (): number => Math.floor(Date.now() / 1000);

describe('POST /api/admin/revocations', () => {
  it('needs the user role Orders.Admin: users and daemons → 403', async () => {
    for (const token of [t.bob(), t.guest(), t.daemon(), t.syncDaemon()]) {
      const res = await http.post('/api/admin/revocations', token, { objectId: USERS.alice.oid });
      expect([res.status, res.body.code]).toEqual([403, 'EG_INSUFFICIENT_PERMISSIONS']);
    }
    expect((await http.post('/api/admin/revocations', undefined, { objectId: USERS.alice.oid })).status).toBe(401);
  });

  it('validates the body', async () => {
    for (const body of [{}, { objectId: 'bob' }, { objectId: USERS.bob.oid, tenantId: B }, [USERS.bob.oid]]) {
      const res = await http.post('/api/admin/revocations', t.alice(), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('ORDERS_VALIDATION_FAILED');
    }
    // A bare JSON string is not an object (the parser's strict mode).
    const scalar = await http.post('/api/admin/revocations', t.alice(), 'x');
    expect([scalar.status, scalar.body.code]).toEqual([400, 'ORDERS_MALFORMED_JSON']);
  });

  it("refuses the user's earlier tokens from the next request on; later tokens work", async () => {
    const before = t.bob();
    const beforeCae = t.bob({ claims: { xms_cc: ['cp1'] } });
    expect((await http.get('/api/me', before)).status).toBe(200); // now in the token cache too

    const res = await http.post('/api/admin/revocations', t.alice(), { objectId: USERS.bob.oid.toUpperCase() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ tenantId: A, objectId: USERS.bob.oid });

    const revoked = await http.get('/api/me', before);
    expect([revoked.status, revoked.body.code]).toEqual([401, 'EG_TOKEN_REVOKED']);
    expect(revoked.headers.get('www-authenticate')).toContain('error="invalid_token"');

    // A CAE-capable client is told to fetch a token issued after the revocation.
    const cae = await http.get('/api/me', beforeCae);
    expect([cae.status, cae.body.code]).toEqual([401, 'EG_INSUFFICIENT_CLAIMS']);
    const claims = /claims="([^"]+)"/.exec(cae.headers.get('www-authenticate') ?? '')?.[1] ?? '';
    expect(JSON.parse(Buffer.from(claims, 'base64').toString('utf8')).access_token.nbf.essential).toBe(true);

    // Entra back-dates iat by five minutes: a token from Entra after the revocation passes
    // once its iat is later than the revocation time.
    const after = t.bob({ issuedAt: now() + 310 });
    expect((await http.get('/api/me', after)).status).toBe(200);
    // Other users are untouched.
    expect((await http.get('/api/me', t.guest())).status).toBe(200);
  });

  it("an admin revokes in her own tenant only: the tenant comes from her token", async () => {
    const guestBefore = t.guest();
    const erinAdmin = t.erin({ roles: ['Orders.Admin'] });
    expect((await http.post('/api/admin/revocations', erinAdmin, { objectId: USERS.erinGuest.oid })).status).toBe(201);
    // (B, guest oid) is revoked; the guest's identity in tenant A is not.
    expect((await http.get('/api/me', guestBefore)).status).toBe(200);
  });
});
