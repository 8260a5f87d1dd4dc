import { ConfidentialClientApplication, CryptoProvider, type AuthenticationResult } from '@azure/msal-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type Emulator } from '../src/index.js';
import { decode, signIn, startTestEmulator } from './support.js';

let emu: Emulator;
const A = DEMO.tenantA.id;
const REDIRECT = 'http://127.0.0.1:53123/auth/callback'; // registered without a port: any loopback port matches
const ORDERS_READ = `${DEMO.ordersApi.identifierUri}/Orders.Read`;
const REPORTS_READ = `${DEMO.reportsApi.identifierUri}/Reports.Read`;
const alice = { login: DEMO.users.alice.upn, password: DEMO.users.alice.password };

beforeAll(async () => {
  emu = await startTestEmulator();
});

async function codeFlow(cca: ConfidentialClientApplication, scopes: string[]): Promise<AuthenticationResult> {
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const state = 'state-123';
  const nonce = 'nonce-456';
  const url = await cca.getAuthCodeUrl({ scopes, redirectUri: REDIRECT, codeChallenge: challenge, codeChallengeMethod: 'S256', state, nonce });
  const { location } = await signIn(emu, url, alice);
  expect(location.origin + location.pathname).toBe(REDIRECT);
  expect(location.searchParams.get('state')).toBe(state);
  expect(location.searchParams.get('session_state')).toMatch(/^[0-9a-f-]{36}$/);
  const code = location.searchParams.get('code') ?? '';
  const result = await cca.acquireTokenByCode({ code, redirectUri: REDIRECT, scopes, codeVerifier: verifier, nonce, state });
  expect(result.idTokenClaims).toMatchObject({ nonce, aud: DEMO.webClient.appId, tid: A, oid: DEMO.users.alice.oid, ver: '2.0' });
  return result;
}

describe('MSAL Node: authorization code with PKCE, refresh, second resource, on-behalf-of', () => {
  let cca: ConfidentialClientApplication;
  let first: AuthenticationResult;

  beforeAll(async () => {
    cca = new ConfidentialClientApplication(emu.msalConfig({ clientId: DEMO.webClient.appId, clientSecret: DEMO.webClient.secret, tenant: A }));
    first = await codeFlow(cca, [ORDERS_READ]);
  });

  it('redeems the code for a delegated v2 token with scp, user roles and groups', () => {
    const { payload } = decode(first.accessToken);
    expect(payload).toMatchObject({
      aud: DEMO.ordersApi.appId,
      iss: `${emu.origin}/${A}/v2.0`,
      azp: DEMO.webClient.appId,
      azpacr: '1',
      scp: 'Orders.Read',
      roles: ['Orders.Admin'],
      groups: [DEMO.groups.orderManagers, DEMO.groups.allStaff],
      oid: DEMO.users.alice.oid,
      preferred_username: DEMO.users.alice.upn,
      name: DEMO.users.alice.name,
      acct: 0,
      tid: A,
      ver: '2.0',
    });
    expect(String(payload.sub)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const lifetime = Number(payload.exp) - Number(payload.iat) - 300;
    expect(lifetime).toBeGreaterThanOrEqual(3600);
    expect(lifetime).toBeLessThanOrEqual(5400);
    expect(first.account?.homeAccountId).toBe(`${DEMO.users.alice.oid}.${A}`);
    expect(first.scopes).toContain(ORDERS_READ);
  });

  it('refreshes silently (forceRefresh) with the refresh token', async () => {
    emu.clearRequests();
    const again = await cca.acquireTokenSilent({ account: first.account!, scopes: [ORDERS_READ], forceRefresh: true });
    expect(again.accessToken).not.toBe(first.accessToken);
    const body = emu.requests({ method: 'POST' })[0]?.body;
    expect(body?.grant_type).toBe('refresh_token');
    expect(decode(again.accessToken).payload).toMatchObject({ scp: 'Orders.Read', oid: DEMO.users.alice.oid });
  });

  it('uses the refresh token for a second resource: a v1 token with aud as requested', async () => {
    const reports = await cca.acquireTokenSilent({ account: first.account!, scopes: [REPORTS_READ] });
    const { header, payload } = decode(reports.accessToken);
    expect(header).toEqual({ typ: 'JWT', alg: 'RS256', x5t: header.kid, kid: header.kid });
    expect(payload).toMatchObject({
      aud: DEMO.reportsApi.identifierUri,
      iss: `https://sts.windows.net/${A}/`,
      appid: DEMO.webClient.appId,
      appidacr: '1',
      scp: 'Reports.Read',
      upn: DEMO.users.alice.upn,
      unique_name: DEMO.users.alice.upn,
      amr: ['pwd'],
      ver: '1.0',
    });
    expect(payload).not.toHaveProperty('azp');
  });

  it('exchanges the user token on behalf of the user (Orders API → Reports API)', async () => {
    const api = new ConfidentialClientApplication(emu.msalConfig({ clientId: DEMO.ordersApi.appId, clientSecret: DEMO.ordersApi.secret, tenant: A }));
    const obo = await api.acquireTokenOnBehalfOf({ oboAssertion: first.accessToken, scopes: [REPORTS_READ] });
    expect(obo?.accessToken).toBeTruthy();
    expect(decode(obo?.accessToken ?? '').payload).toMatchObject({ aud: DEMO.reportsApi.identifierUri, appid: DEMO.ordersApi.appId, oid: DEMO.users.alice.oid, scp: 'Reports.Read', tid: A });
  });

  it('refuses OBO with an assertion for another audience (AADSTS50013)', async () => {
    const reports = await cca.acquireTokenSilent({ account: first.account!, scopes: [REPORTS_READ] });
    const api = new ConfidentialClientApplication(emu.msalConfig({ clientId: DEMO.ordersApi.appId, clientSecret: DEMO.ordersApi.secret, tenant: A }));
    await expect(api.acquireTokenOnBehalfOf({ oboAssertion: reports.accessToken, scopes: [REPORTS_READ] })).rejects.toMatchObject({ errorCode: 'invalid_grant', errorNo: 50013 });
  });

  it('works with the organizations authority and a user of the other tenant (multi-tenant app)', async () => {
    const multi = new ConfidentialClientApplication(emu.msalConfig({ clientId: DEMO.webClient.appId, clientSecret: DEMO.webClient.secret, tenant: 'organizations' }));
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const url = await multi.getAuthCodeUrl({ scopes: [ORDERS_READ], redirectUri: REDIRECT, codeChallenge: challenge, codeChallengeMethod: 'S256' });
    const { location } = await signIn(emu, url, { login: DEMO.users.erin.upn, password: DEMO.users.erin.password });
    const result = await multi.acquireTokenByCode({ code: location.searchParams.get('code') ?? '', redirectUri: REDIRECT, scopes: [ORDERS_READ], codeVerifier: verifier });
    expect(decode(result.accessToken).payload).toMatchObject({ tid: DEMO.tenantB.id, iss: `${emu.origin}/${DEMO.tenantB.id}/v2.0`, oid: DEMO.users.erin.oid, aud: DEMO.ordersApi.appId });
    expect(result.account?.homeAccountId).toBe(`${DEMO.users.erin.oid}.${DEMO.tenantB.id}`);
  });
});
