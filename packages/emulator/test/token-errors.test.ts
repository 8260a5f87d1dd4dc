import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type Emulator } from '../src/index.js';
import { WEB_REDIRECT } from './flow.js';
import { postForm, signIn, startTestEmulator } from './support.js';

let emu: Emulator;
let token: string;
const A = DEMO.tenantA.id;

beforeAll(async () => {
  emu = await startTestEmulator();
  token = `${emu.authority(A)}/oauth2/v2.0/token`;
});

async function freshCode(verifier: string): Promise<string> {
  const url = new URL(`${emu.authority(A)}/oauth2/v2.0/authorize`);
  url.search = new URLSearchParams({
    client_id: DEMO.webClient.appId, response_type: 'code', redirect_uri: WEB_REDIRECT, scope: `${DEMO.ordersApi.identifierUri}/Orders.Read`,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  }).toString();
  const { location } = await signIn(emu, url.href, { login: DEMO.users.alice.upn, password: DEMO.users.alice.password });
  return location.searchParams.get('code') ?? '';
}

const web = { client_id: DEMO.webClient.appId, client_secret: DEMO.webClient.secret };

describe('token endpoint errors, in Entra\'s shape', () => {
  it('uses the JSON shape with AADSTS text, codes, trace and correlation ids', async () => {
    const { status, body, headers } = await postForm(emu, token, { client_id: DEMO.daemon.appId }, { 'client-request-id': 'corr-1' });
    expect(status).toBe(400);
    expect(Object.keys(body)).toEqual(['error', 'error_description', 'error_codes', 'timestamp', 'trace_id', 'correlation_id', 'error_uri']);
    expect(body).toMatchObject({ error: 'invalid_request', error_codes: [900144], correlation_id: 'corr-1', error_uri: `${emu.origin}/error?code=900144` });
    expect(String(body.error_description)).toContain("AADSTS900144: The request body must contain the following parameter: 'grant_type'.");
    expect(headers.get('cache-control')).toBe('no-store, no-cache');
    expect(headers.get('pragma')).toBe('no-cache');
  });

  it.each([
    [{ grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
    [{ grant_type: 'client_credentials', scope: 'api://x/.default', client_id: 'not-a-guid' }, 400, 'invalid_request', 90112],
    [{ grant_type: 'client_credentials', scope: 'api://x/.default', client_id: '11111111-2222-4333-8444-555555555555', client_secret: 'x' }, 400, 'unauthorized_client', 700016],
    [{ grant_type: 'client_credentials', scope: `${DEMO.ordersApi.identifierUri}/.default`, client_id: DEMO.daemon.appId }, 401, 'invalid_client', 7000218],
    [{ grant_type: 'client_credentials', scope: 'api://unknown-resource/.default', client_id: DEMO.daemon.appId, client_secret: DEMO.daemon.secret }, 400, 'invalid_resource', 500011],
    [{ grant_type: 'client_credentials', scope: `${DEMO.ordersApi.identifierUri}/.default`, client_id: DEMO.cli.appId, client_secret: 'x' }, 401, 'invalid_client', 700025],
    [{ grant_type: 'authorization_code', code: 'bogus', redirect_uri: WEB_REDIRECT, ...web }, 400, 'invalid_grant', 9002313],
  ])('%o → %i %s AADSTS%i', async (fields, status, error, code) => {
    const res = await postForm(emu, token, fields as Record<string, string>);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ error, error_codes: [code] });
  });

  it('accepts stray OIDC scopes in client credentials, refuses /common (AADSTS9001023)', async () => {
    const ok = await postForm(emu, token, { grant_type: 'client_credentials', scope: `openid profile offline_access ${DEMO.ordersApi.identifierUri}/.default`, client_id: DEMO.daemon.appId, client_secret: DEMO.daemon.secret });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body)).toEqual(['token_type', 'expires_in', 'ext_expires_in', 'access_token']);
    const common = await postForm(emu, `${emu.authority('common')}/oauth2/v2.0/token`, { grant_type: 'client_credentials', scope: `${DEMO.ordersApi.identifierUri}/.default`, client_id: DEMO.daemon.appId, client_secret: DEMO.daemon.secret });
    expect(common.body.error_codes).toEqual([9001023]);
  });

  it('checks PKCE (AADSTS501481, 501491), single use (54005) and the redirect URI (500112)', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await freshCode(verifier);
    const base = { grant_type: 'authorization_code', code, redirect_uri: WEB_REDIRECT, ...web };
    expect((await postForm(emu, token, { ...base, code_verifier: 'short' })).body.error_codes).toEqual([501491]);
    expect((await postForm(emu, token, { ...base, code_verifier: randomBytes(32).toString('base64url') })).body.error_codes).toEqual([501481]);
    const code2 = await freshCode(verifier);
    expect((await postForm(emu, token, { ...base, code: code2, code_verifier: verifier, redirect_uri: 'http://localhost:3000/other' })).body.error_codes).toEqual([500112]);
    const code3 = await freshCode(verifier);
    expect((await postForm(emu, token, { ...base, code: code3, code_verifier: verifier })).status).toBe(200);
    expect((await postForm(emu, token, { ...base, code: code3, code_verifier: verifier })).body.error_codes).toEqual([54005]);
  });

  it('answers CORS only for SPA grants: a web code redeemed cross-origin is AADSTS9002326', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await freshCode(verifier);
    const res = await postForm(emu, token, { grant_type: 'authorization_code', code, redirect_uri: WEB_REDIRECT, code_verifier: verifier, ...web }, { origin: 'http://localhost:3000' });
    expect(res.body.error_codes).toEqual([9002326]);
    const preflight = await emu.fetch(token, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('accepts client_secret_basic and refuses a second assertion audience (AADSTS5002741)', async () => {
    const basic = Buffer.from(`${DEMO.daemon.appId}:${DEMO.daemon.secret}`).toString('base64');
    const ok = await postForm(emu, token, { grant_type: 'client_credentials', scope: `${DEMO.ordersApi.identifierUri}/.default` }, { authorization: `Basic ${basic}` });
    expect(ok.status).toBe(200);
    const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
    const assertion = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: DEMO.daemon.appId, sub: DEMO.daemon.appId, aud: [token, emu.issuer(A)], exp: 4_000_000_000 })}.c2ln`;
    const two = await postForm(emu, token, {
      grant_type: 'client_credentials', scope: `${DEMO.ordersApi.identifierUri}/.default`, client_id: DEMO.daemon.appId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion,
    });
    expect(two.body.error_codes).toEqual([5002741]);
  });
});
