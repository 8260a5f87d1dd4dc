// The suite's own machinery: raw HTTP, placeholders and the checks must catch what they claim to.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_CASES, countCasesBySection, resolveRequest, type ConformanceCase } from './cases.js';
import { createConformanceFixture, MARKERS, T, type ConformanceFixture } from './fixture-tokens.js';
import { parseRawResponse, rawRequest, utf8AsLatin1, type HttpResult } from './raw-http.js';
import { checkOutcome, type CaseOutcome } from './run-cases.js';

let fx: ConformanceFixture;
let server: Server;
let url: string;
let last: IncomingMessage | undefined;

beforeAll(async () => {
  fx = await createConformanceFixture();
  server = createServer((req, res) => {
    last = req;
    if (req.url === '/hang') return; // never answers
    res.writeHead(200, { 'x-a': '1', 'transfer-encoding': 'chunked' });
    res.write('hel');
    res.end('lo');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fx.close();
});

describe('raw HTTP', () => {
  it('parses status, lower-cased and joined headers, and chunked bodies', () => {
    const raw = Buffer.from('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nX-Dup: a\r\nx-dup: b\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n', 'latin1');
    expect(parseRawResponse(raw)).toEqual({ status: 401, headers: { 'www-authenticate': 'Bearer', 'x-dup': 'a, b', 'transfer-encoding': 'chunked' }, body: 'abcde' });
  });
  it('sends header lines byte-for-byte, duplicates included', async () => {
    const res = await rawRequest(url, { method: 'GET', path: '/x', headerLines: ['Authorization: one', 'authorization: two', `X-Bytes: ${utf8AsLatin1('．')}`] });
    expect(res).toMatchObject({ status: 200, body: 'hello', headers: { 'x-a': '1' } });
    expect(last?.rawHeaders).toEqual(expect.arrayContaining(['Authorization', 'one', 'authorization', 'two']));
    expect(Buffer.from(last?.headers['x-bytes'] as string, 'latin1')).toEqual(Buffer.from('．', 'utf8'));
  });
  it('times out and cleans up', async () => {
    await expect(rawRequest(url, { method: 'GET', path: '/hang', headerLines: [], timeoutMs: 200 })).rejects.toThrow(/timed out/);
  });
});

describe('the case table', () => {
  it('has unique names, resolvable placeholders and every section', () => {
    const names = CONFORMANCE_CASES.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of CONFORMANCE_CASES) expect(JSON.stringify(resolveRequest(c.request, fx))).not.toMatch(/\{\{token:/);
    expect(Object.keys(countCasesBySection()).sort()).toEqual(['bad tokens', 'metadata', 'positive', '§2 carriage', '§7 authorisation', '§8 revocation, CAE, caching']);
  });
});

describe('checkOutcome', () => {
  const c = CONFORMANCE_CASES.find((x) => x.name.startsWith('optional auth: GET /public with a forged token')) as ConformanceCase;
  const good = (): HttpResult => ({
    status: 401,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'www-authenticate': 'Bearer realm="api", error="invalid_token", error_description="The access token signature is invalid."',
    },
    body: JSON.stringify({ type: 'urn:entra-guard:error:EG_SIGNATURE_INVALID', title: 'Unauthorized', status: 401, detail: 'The access token signature is invalid.', code: 'EG_SIGNATURE_INVALID' }),
  });
  const outcome = (response: HttpResult): CaseOutcome => ({ request: resolveRequest(c.request, fx), response, error: undefined, durationMs: 1 });

  it('accepts the expected problem response', () => {
    expect(checkOutcome(c, outcome(good()), fx, fx.canary.hits())).toEqual([]);
  });
  it('catches echoes of the token, its claims, configured ids, stack traces and library codes', () => {
    const body = (extra: Record<string, unknown>): HttpResult => ({ ...good(), body: JSON.stringify({ ...JSON.parse(good().body), ...extra }) });
    const check = (r: HttpResult) => checkOutcome(c, outcome(r), fx, fx.canary.hits()).join('\n');
    expect(check(body({ token: fx.tokens.forged }))).toMatch(/contains the token/);
    expect(check(body({ who: MARKERS.name }))).toMatch(/marker claim name/);
    expect(check(body({ tid: T }))).toMatch(/configured id/);
    expect(check(body({ stack: 'Error: x\n    at f (/src/a.ts:1:2)' }))).toMatch(/stack/);
    expect(check(body({ why: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' }))).toMatch(/ERR_/);
    expect(check(body({ why: 'IDX10503' }))).toMatch(/IDX/);
    expect(check({ ...good(), headers: { ...good().headers, 'content-type': 'application/json' } })).toMatch(/content-type/);
    expect(check({ ...good(), headers: { ...good().headers, 'www-authenticate': 'Bearer' } })).toMatch(/WWW-Authenticate/);
    expect(check({ ...good(), status: 200 })).toMatch(/status 200/);
  });
  it('reports a missing response', () => {
    expect(checkOutcome(c, { ...outcome(good()), response: undefined, error: 'ECONNRESET' }, fx, 0)).toEqual(['no response: ECONNRESET']);
  });
});
