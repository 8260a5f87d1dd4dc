import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type Emulator } from '../src/index.js';
import { decode, startTestEmulator } from './support.js';

let emu: Emulator;
const A = DEMO.tenantA.id;

beforeAll(async () => {
  emu = await startTestEmulator();
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await emu.fetch(`${emu.localOrigin}/_emulator${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const discovery = (): Promise<Response> => emu.fetch(`${emu.localOrigin}/${A}/v2.0/.well-known/openid-configuration`);

describe('/_emulator test surface', () => {
  it('reports health and serves the CA', async () => {
    expect((await api('GET', '/health')).body).toMatchObject({ status: 'ok', origin: emu.origin, tenants: [{ id: A }, { id: DEMO.tenantB.id }] });
    const pem = await (await emu.fetch(`${emu.localOrigin}/_emulator/ca.pem`)).text();
    expect(pem).toBe(emu.caPem);
  });

  it('mints tokens, including deliberately bad ones', async () => {
    const { body } = await api('POST', '/tokens', { kind: 'app', client: DEMO.daemon.appId, claims: { extra: 'x', tid: null }, header: { jku: 'https://evil.example/keys' } });
    const { header, payload } = decode(String(body.token));
    expect(header.jku).toBe('https://evil.example/keys');
    expect(payload).toMatchObject({ extra: 'x', roles: ['Orders.Read.All'], azp: DEMO.daemon.appId });
    expect(payload).not.toHaveProperty('tid');
    const none = decode(String((await api('POST', '/tokens', { signWith: 'none' })).body.token));
    expect(none.header.alg).toBe('none');
    const bad = await api('POST', '/tokens', { signWith: 'retired' });
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toMatch(/rotate/);
  });

  it('rotates keys: the next key becomes active and the old one stays published as retired', async () => {
    const before = (await api('GET', '/keys')).body.keys as { kid: string; state: string }[];
    const rotated = (await api('POST', '/keys/rotate')).body.keys as { kid: string; state: string }[];
    const kid = (state: string, list: { kid: string; state: string }[]): string | undefined => list.find((k) => k.state === state)?.kid;
    expect(kid('active', rotated)).toBe(kid('next', before));
    expect(kid('retired', rotated)).toBe(kid('active', before));
    const jwks = (await (await emu.fetch(`${emu.localOrigin}/${A}/discovery/v2.0/keys`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([kid('active', rotated), kid('next', rotated), kid('retired', rotated)]);
    expect(decode(emu.mint()).header.kid).toBe(kid('active', rotated));
    expect((await api('GET', '/keys?private=1')).body.keys).toEqual(expect.arrayContaining([expect.objectContaining({ privateKeyPem: expect.stringContaining('PRIVATE KEY') })]));
  });

  it('shifts the clock for every timestamp it writes', async () => {
    await api('POST', '/clock', { offsetSeconds: 86_400 });
    const iat = Number(decode(emu.mint()).payload.iat);
    expect(iat).toBeGreaterThan(Date.now() / 1000 + 86_000);
    expect((await api('POST', '/clock', { advanceSeconds: -86_400 })).body.offsetSeconds).toBe(0);
  });

  it('injects faults: canned status, AADSTS rows, throttling, delays and resets, for a number of requests', async () => {
    const path = `/${A}/v2.0/.well-known/openid-configuration`;
    await api('POST', '/faults', { match: { path }, status: 503, body: { error: 'temporarily_unavailable' }, times: 1 });
    expect((await discovery()).status).toBe(503);
    expect((await discovery()).status).toBe(200);
    await api('POST', '/faults', { match: { method: 'GET', path: `/${A}/*` }, aadsts: 'throttled', times: 1 });
    const throttled = await discovery();
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('5');
    emu.injectFault({ match: { path }, reset: true, times: 1 });
    await expect(discovery()).rejects.toThrow();
    emu.injectFault({ match: { path }, delayMs: 150, times: 1 });
    const start = Date.now();
    expect((await discovery()).status).toBe(200);
    expect(Date.now() - start).toBeGreaterThanOrEqual(140);
    expect((await api('GET', '/faults')).body.faults).toEqual([]);
    expect((await api('POST', '/faults', { aadsts: 'noSuchRow' })).status).toBe(400);
  });

  it('records requests with secrets masked, and resets', async () => {
    await api('DELETE', '/requests');
    await emu.fetch(`${emu.localOrigin}/${A}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: DEMO.daemon.appId, client_secret: DEMO.daemon.secret, scope: `${DEMO.ordersApi.identifierUri}/.default` }) });
    const requests = (await api('GET', `/requests?path=/${A}/oauth2`)).body.requests as { body: Record<string, string>; status: number }[];
    expect(requests).toHaveLength(1);
    expect(requests[0]?.status).toBe(200);
    expect(requests[0]?.body.client_id).toBe(DEMO.daemon.appId);
    expect(requests[0]?.body.client_secret).not.toContain(DEMO.daemon.secret);
    await api('POST', '/reset');
    expect((await api('GET', '/requests')).body.requests).toEqual([]);
  });

  it('revokes and approves device codes over HTTP, and 404s unknown routes', async () => {
    expect((await api('POST', '/revoke', { user: DEMO.users.alice.upn })).body).toEqual({ revoked: 0 });
    expect((await api('POST', '/revoke', {})).status).toBe(400);
    expect((await api('POST', '/devicecode/approve', { userCode: 'NOPE', user: DEMO.users.alice.upn })).status).toBe(400);
    expect((await api('GET', '/nope')).status).toBe(404);
    const directory = (await api('GET', '/directory')).body;
    expect(JSON.stringify(directory)).not.toContain(DEMO.users.alice.password);
  });
});
