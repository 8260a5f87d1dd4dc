// Request logs redact credentials; audit lines from entra-guard's diagnostics channels carry the
// decision, the reason code, the tenant, the client id and a hashed object id, never the token.
import { createHash } from 'node:crypto';
import { DEMO } from '@entra-guard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, maskUrl } from '../src/http/logging.js';
import type { RunningApi } from '../src/runtime.js';
import { A, client, LogCapture, startTestApi, startTestEmulator, tokens, USERS, type TestEmulator } from './support.js';

let te: TestEmulator;
let api: RunningApi;
let t: ReturnType<typeof tokens>;
let http: ReturnType<typeof client>;
const capture = new LogCapture();
const hash = (tid: string, oid: string) => createHash('sha256').update(`${tid}:${oid}`).digest('hex').slice(0, 32);
const secrets: string[] = [];
const mint = (token: string) => {
  secrets.push(token);
  return token;
};

beforeAll(async () => {
  te = await startTestEmulator();
  api = await startTestApi(te.emu, {}, { logger: createLogger('info', capture) });
  t = tokens(te.emu);
  http = client(api.url);
}, 60_000);

afterAll(async () => {
  await api?.close();
  await te?.stop();
});

const audit = () => capture.lines.filter((l) => l.component === 'audit');
const requestLine = (id: string) => capture.lines.find((l) => (l.req as { id?: unknown } | undefined)?.id === id && l.res !== undefined);

describe('request logs', () => {
  it('redact the Authorization header and cookies', async () => {
    const token = mint(t.bob());
    const res = await http.get('/api/me', token, { cookie: 'session=s3cr3t-cookie', 'x-request-id': 'req-redaction-1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-redaction-1');
    const line = requestLine('req-redaction-1') as { req: { headers: Record<string, unknown> }; res: { statusCode: number } };
    expect(line.req.headers.authorization).toBe('[Redacted]');
    expect(line.req.headers.cookie).toBe('[Redacted]');
    expect(line.res.statusCode).toBe(200);
  });

  it('mask credential query parameters in the logged URL', async () => {
    const token = mint(t.bob());
    await http.get(`/api/orders?limit=5&access_token=${token}`, undefined, { 'x-request-id': 'req-query-1' });
    const line = requestLine('req-query-1') as { req: { url: string } };
    expect(line.req.url).toBe('/api/orders?limit=5&access_token=[Redacted]');
    expect(maskUrl('/auth/callback?code=abc&state=xyz&x=1')).toBe('/auth/callback?code=[Redacted]&state=[Redacted]&x=1');
    expect(maskUrl('/a?%61ccess_token=abc&access_token[]=d')).toBe('/a?%61ccess_token=[Redacted]&access_token[]=[Redacted]');
  });

  it('ignore an unsafe x-request-id', async () => {
    const res = await http.get('/api/me', mint(t.bob()), { 'x-request-id': 'bad id\twith spaces' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('audit events', () => {
  it('an accepted token: decision, tenant, client, hashed oid', async () => {
    await http.get('/api/me', mint(t.bob()), { 'x-request-id': 'req-audit-ok' });
    const line = audit().find((l) => l.reqId === 'req-audit-ok' && l.event === 'authenticated');
    expect(line).toMatchObject({ decision: 'allow', tid: A, clientId: DEMO.webClient.appId, kind: 'user', principal: hash(A, USERS.bob.oid), tokenVersion: '2.0' });
    await http.get('/api/me', mint(t.daemon()), { 'x-request-id': 'req-audit-app' });
    expect(audit().find((l) => l.reqId === 'req-audit-app')).toMatchObject({ kind: 'app', clientId: DEMO.daemon.appId, principal: hash(A, DEMO.daemon.servicePrincipalId) });
  });

  it('a policy refusal: the reason code and who was refused', async () => {
    await http.del('/api/orders/00000000-0000-4000-8000-000000000000', mint(t.bob()));
    const line = audit().find((l) => l.event === 'rejected' && l.code === 'EG_INSUFFICIENT_PERMISSIONS');
    expect(line).toMatchObject({ decision: 'deny', status: 403, check: 'policy', tid: A, principal: hash(A, USERS.bob.oid) });
  });

  it('a refused token: the reason code, and no identity (nothing was trusted)', async () => {
    await http.get('/api/me', mint(t.expired()), { 'x-request-id': 'req-audit-expired' });
    const line = audit().find((l) => l.reqId === 'req-audit-expired' && l.event === 'rejected');
    expect(line).toMatchObject({ decision: 'deny', code: 'EG_TOKEN_EXPIRED', status: 401 });
    expect(line?.tid).toBeUndefined();
    expect(line?.principal).toBeUndefined();
  });

  it('ownership refusals and revocations are audited by the app', async () => {
    const order = await http.post('/api/orders', mint(t.alice()), { item: 'x', quantity: 1 });
    await http.get(`/api/orders/${order.body.id}`, mint(t.bob()));
    expect(audit().find((l) => l.event === 'ownership')).toMatchObject({ decision: 'deny', code: 'ORDERS_NOT_OWNER', tid: A, principal: hash(A, USERS.bob.oid) });
    await http.post('/api/admin/revocations', mint(t.alice()), { objectId: USERS.erinGuest.oid });
    expect(audit().find((l) => l.event === 'revocation')).toMatchObject({ decision: 'allow', tid: A, principal: hash(A, USERS.alice.oid), target: hash(A, USERS.erinGuest.oid) });
  });

  it('key refreshes are logged', () => {
    expect(audit().some((l) => l.event === 'keys-refreshed' && typeof l.keyCount === 'number')).toBe(true);
  });

  it('no line, audit or request, holds a token or a raw object id', () => {
    const all = capture.text();
    expect(secrets.length).toBeGreaterThan(5);
    for (const token of secrets) {
      expect(all).not.toContain(token);
      // Not even the signature part alone.
      expect(all).not.toContain(token.split('.')[2]);
    }
    for (const oid of [USERS.alice.oid, USERS.bob.oid, USERS.erinGuest.oid]) expect(all).not.toContain(oid);
  });
});
