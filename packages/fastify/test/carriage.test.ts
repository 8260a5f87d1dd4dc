// Attack catalogue §2 (HTTP carriage of the token), every row over real HTTP against a Fastify
// server. Rows that fetch() cannot express (duplicate headers, bytes outside ASCII, trailing
// whitespace) go over a raw TCP socket.
import { randomBytes } from 'node:crypto';
import type { SigningKey } from '@entra-guard/test-support';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entraGuardPlugin } from '../src/index.js';
import { createKeys, expectRefusal, get, guardOptions, mint, rawGet, rawRequest, standardRoutes, startServer, type RawResponse, type TestServer } from './helpers.js';

let server: TestServer;
let key: SigningKey;
let G2: string;

beforeAll(async () => {
  ({ key } = await createKeys());
  G2 = mint(key);
  server = await startServer(guardOptions(key), (app) => {
    // Fastify parses only JSON by default; forms need a parser (what @fastify/formbody adds).
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    standardRoutes(app);
  });
});
afterAll(async () => {
  await server.close();
});

const url = (path: string): string => `${server.url}${path}`;
const ok = (res: RawResponse): void => {
  expect(res.status, res.body).toBe(200);
  expect(JSON.parse(res.body)).toMatchObject({ ok: true, kind: 'user' });
};

function post(path: string, headers: Record<string, string>, body: string): Promise<RawResponse> {
  return fetch(url(path), { method: 'POST', headers, body }).then(async (res) => ({
    status: res.status,
    headers: Object.fromEntries(res.headers),
    body: await res.text(),
  }));
}

describe('row 1: no credentials', () => {
  it('401 with a bare Bearer challenge and no error code', async () => {
    expectRefusal(await get(url('/me')), 'EG_REQUEST_MISSING_TOKEN');
  });
  it('positive control: the same route with G2 is 200', async () => {
    ok(await get(url('/me'), { authorization: `Bearer ${G2}` }));
  });
});

describe('row 2: empty bearer', () => {
  for (const line of ['Authorization: Bearer', 'Authorization: Bearer ', 'Authorization: ', 'Authorization: Bearer    ']) {
    it(`${JSON.stringify(line)} → 401 without an error code, no crash`, async () => {
      expectRefusal(await rawGet(server.port, '/me', [line]), 'EG_REQUEST_MISSING_TOKEN');
    });
  }
});

describe('row 3: the scheme is case-insensitive', () => {
  for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
    it(`${scheme} G2 → 200`, async () => {
      ok(await get(url('/me'), { authorization: `${scheme} ${G2}` }));
    });
  }
});

describe('row 4: whitespace', () => {
  it('two spaces after the scheme → 200', async () => {
    ok(await rawGet(server.port, '/me', [`Authorization: Bearer  ${G2}`]));
  });
  it('outer whitespace (trimmed by Node) → 200', async () => {
    ok(await rawGet(server.port, '/me', [`Authorization:  Bearer ${G2} `]));
  });
  it('a tab after the scheme → 401 invalid_token', async () => {
    expectRefusal(await rawGet(server.port, '/me', [`Authorization: Bearer\t${G2}`]), 'EG_REQUEST_MALFORMED_AUTHORIZATION', G2);
  });
});

describe('row 5: another scheme is no credentials', () => {
  for (const value of ['Basic dXNlcjpwYXNz', 'JWT %T', 'Token %T', '%T']) {
    it(`${value} → 401 with a Bearer challenge and no error code`, async () => {
      const v = value.replace('%T', G2);
      expectRefusal(await get(url('/me'), { authorization: v }), 'EG_REQUEST_MISSING_TOKEN', G2);
    });
  }
});

describe('row 6: junk around the token', () => {
  for (const value of ['Bearer "%T"', 'Bearer %T,', 'Bearer %T %T', 'Bearer Bearer %T', 'Bearer %T;x=1']) {
    it(`${value} → 401 invalid_token`, async () => {
      const res = await get(url('/me'), { authorization: value.replaceAll('%T', G2) });
      expectRefusal(res, 'EG_REQUEST_MALFORMED_AUTHORIZATION', G2);
    });
  }
});

describe('row 9: a token in the query string is not a credential', () => {
  it('GET /me?access_token=G2 → 401 without an error code', async () => {
    expectRefusal(await get(url(`/me?access_token=${G2}`)), 'EG_REQUEST_MISSING_TOKEN', G2);
  });
  it('on an optional route the request stays anonymous', async () => {
    const res = await get(url(`/public?access_token=${G2}`));
    expect(JSON.parse(res.body)).toEqual({ ok: true, kind: null });
  });
});

describe('row 10: two carriers at once → 400', () => {
  it('header + ?access_token=G2', async () => {
    expectRefusal(await get(url(`/me?access_token=${G2}`), { authorization: `Bearer ${G2}` }), 'EG_REQUEST_DUPLICATE_CREDENTIALS', G2);
  });
  it('header + ?access_token= (empty) on an optional route', async () => {
    expectRefusal(await get(url('/public?access_token='), { authorization: `Bearer ${G2}` }), 'EG_REQUEST_DUPLICATE_CREDENTIALS');
  });
  it('a blank Authorization header is no carrier: blank header + ?access_token=G2 → 401 without an error code', async () => {
    expectRefusal(await rawGet(server.port, `/me?access_token=${G2}`, ['Authorization: ']), 'EG_REQUEST_MISSING_TOKEN', G2);
  });
  it('header + JSON body {"access_token": G2}', async () => {
    const res = await post('/me', { authorization: `Bearer ${G2}`, 'content-type': 'application/json' }, JSON.stringify({ access_token: G2 }));
    expectRefusal(res, 'EG_REQUEST_DUPLICATE_CREDENTIALS', G2);
  });
  it('header + form body access_token=G2 (with a form parser)', async () => {
    const res = await post('/me', { authorization: `Bearer ${G2}`, 'content-type': 'application/x-www-form-urlencoded' }, `access_token=${G2}`);
    expectRefusal(res, 'EG_REQUEST_DUPLICATE_CREDENTIALS', G2);
  });
  it('header + JSON body with access_token: null (any type counts)', async () => {
    const res = await post('/me', { authorization: `Bearer ${G2}`, 'content-type': 'application/json' }, '{"access_token":null}');
    expectRefusal(res, 'EG_REQUEST_DUPLICATE_CREDENTIALS');
  });
  it('two Authorization headers (raw socket) → 400 invalid_request', async () => {
    expectRefusal(await rawGet(server.port, '/me', [`Authorization: Bearer ${G2}`, `Authorization: Bearer ${G2}`]), 'EG_REQUEST_DUPLICATE_CREDENTIALS', G2);
  });
  it('two Authorization headers differing in name case, one of them not Bearer', async () => {
    expectRefusal(await rawGet(server.port, '/me', [`authorization: Bearer ${G2}`, 'AUTHORIZATION: Basic dXNlcjpwYXNz']), 'EG_REQUEST_DUPLICATE_CREDENTIALS', G2);
  });
  it('two Authorization headers on an optional route → still 400', async () => {
    expectRefusal(await rawGet(server.port, '/public', [`Authorization: Bearer ${G2}`, 'Authorization: Bearer x']), 'EG_REQUEST_DUPLICATE_CREDENTIALS', G2);
  });
  it('positive control: header + a body without access_token → 200', async () => {
    const res = await post('/me', { authorization: `Bearer ${G2}`, 'content-type': 'application/json' }, '{"item":"pen"}');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, received: { item: 'pen' } });
  });
});

describe('row 11: query type confusion', () => {
  const queries = ['access_token=a&access_token=b', 'access_token[]=%T', 'access_token[x]=%T', 'access_token.x=%T', 'access%5Ftoken=%T', 'access_token%5B%5D=%T'];
  for (const query of queries) {
    it(`?${query} alone → 401 without an error code`, async () => {
      expectRefusal(await get(url(`/me?${query.replaceAll('%T', G2)}`)), 'EG_REQUEST_MISSING_TOKEN', G2);
    });
    it(`?${query} with a header → 400`, async () => {
      expectRefusal(await get(url(`/me?${query.replaceAll('%T', G2)}`), { authorization: `Bearer ${G2}` }), 'EG_REQUEST_DUPLICATE_CREDENTIALS', G2);
    });
  }
  it('a query the app’s parser finds elsewhere (useSemicolonDelimiter) counts too', async () => {
    const app = Fastify({ useSemicolonDelimiter: true });
    await app.register(entraGuardPlugin, guardOptions(key));
    standardRoutes(app);
    const res = await app.inject({ url: `/me;access_token=${G2}`, headers: { authorization: `Bearer ${G2}` } });
    expect([res.statusCode, res.json<{ code: string }>().code]).toEqual([400, 'EG_REQUEST_DUPLICATE_CREDENTIALS']);
    expect((await app.inject({ url: '/me;x=1', headers: { authorization: `Bearer ${G2}` } })).statusCode).toBe(200);
    await app.close();
  });
  it('an unrelated parameter with a header → 200', async () => {
    ok(await get(url('/me?token=abc&x=access_token'), { authorization: `Bearer ${G2}` }));
  });
});

describe('row 12: body and cookie carriers alone are ignored', () => {
  it('form body access_token=G2 → 401 without an error code', async () => {
    const res = await post('/me', { 'content-type': 'application/x-www-form-urlencoded' }, `access_token=${G2}`);
    expectRefusal(res, 'EG_REQUEST_MISSING_TOKEN', G2);
  });
  it('JSON body {"access_token": G2} → 401 without an error code', async () => {
    const res = await post('/me', { 'content-type': 'application/json' }, JSON.stringify({ access_token: G2 }));
    expectRefusal(res, 'EG_REQUEST_MISSING_TOKEN', G2);
  });
  it('Cookie: access_token=G2 → 401 without an error code', async () => {
    expectRefusal(await get(url('/me'), { cookie: `access_token=${G2}` }), 'EG_REQUEST_MISSING_TOKEN', G2);
  });
  it('a cookie next to the header is not a carrier → 200', async () => {
    ok(await get(url('/me'), { authorization: `Bearer ${G2}`, cookie: `access_token=${G2}` }));
  });
});

describe('row 13: platform headers are never trusted', () => {
  const principal = Buffer.from(JSON.stringify({ claims: [{ typ: 'roles', val: 'Orders.Admin' }] })).toString('base64');
  const spoofed = {
    'x-ms-client-principal': principal,
    'x-ms-client-principal-id': 'e8b14d27-5c9a-4f36-a2d0-3b7f6e91c084',
    'x-ms-client-principal-name': 'admin@example.com',
    'x-ms-token-aad-access-token': 'G2-PLACEHOLDER',
  };
  it('→ 401 without an error code', async () => {
    expectRefusal(await get(url('/me'), { ...spoofed, 'x-ms-token-aad-access-token': G2 }), 'EG_REQUEST_MISSING_TOKEN', G2);
  });
  it('→ anonymous on an optional route', async () => {
    expect(JSON.parse((await get(url('/public'), spoofed)).body)).toEqual({ ok: true, kind: null });
  });
});

describe('rows 14–15: size', () => {
  it('a 20 KiB Authorization header → 431 from Node (or 401), never 200', async () => {
    const res = await rawGet(server.port, '/me', [`Authorization: Bearer ${'A'.repeat(20 * 1024)}`]);
    expect([431, 401]).toContain(res.status);
  });
  it('a 15 KiB random base64url token → 401 quickly', async () => {
    const garbage = randomBytes(11_520).toString('base64url'); // 15 360 characters
    const started = performance.now();
    const res = await get(url('/me'), { authorization: `Bearer ${garbage}` });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(res.body).not.toContain(garbage.slice(0, 32));
  });
});

describe('row 16: Unicode lookalikes and non-ASCII bytes', () => {
  const parts = (): string[] => G2.split('.');
  const cases: Record<string, () => Buffer> = {
    'fullwidth dot U+FF0E': () => Buffer.from(`Authorization: Bearer ${parts().join('\uFF0E')}`, 'utf8'),
    'one dot leader U+2024': () => Buffer.from(`Authorization: Bearer ${parts().join('\u2024')}`, 'utf8'),
    'zero-width space in a segment': () => Buffer.from(`Authorization: Bearer ${G2.slice(0, 20)}\u200B${G2.slice(20)}`, 'utf8'),
    'Latin-1 bytes in the header': () => Buffer.concat([Buffer.from(`Authorization: Bearer ${G2.slice(0, 20)}`), Buffer.from([0xe9, 0xff]), Buffer.from(G2.slice(20))]),
  };
  for (const [name, line] of Object.entries(cases)) {
    it(`${name} → 401`, async () => {
      const res = await rawGet(server.port, '/me', [line()]);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
      expect(res.body).not.toContain(G2.slice(0, 40));
    });
  }
  it('positive control: the same raw request with ASCII dots → 200', async () => {
    ok(await rawGet(server.port, '/me', [Buffer.from(`Authorization: Bearer ${G2}`)]));
  });
});

describe('the process stays up', () => {
  it('answers a normal request after all of the above', async () => {
    ok(await get(url('/me'), { authorization: `Bearer ${G2}` }));
    const res = await rawRequest(server.port, `GET /me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer ${G2}\r\n`);
    expect(res.status).toBe(200);
  });
});
