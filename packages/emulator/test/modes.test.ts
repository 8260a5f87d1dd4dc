import { createEntraGuard } from '@entra-guard/core';
import { ConfidentialClientApplication } from '@azure/msal-node';
import * as client from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type Emulator } from '../src/index.js';
import { decode, startTestEmulator, seededDataDir } from './support.js';

const A = DEMO.tenantA.id;
const ENTRA = 'https://login.microsoftonline.com';
let issuerMode: Emulator;
let impersonating: Emulator;

beforeAll(async () => {
  const dataDir = await seededDataDir();
  issuerMode = await startTestEmulator({ dataDir, mode: 'entra-issuer' });
  impersonating = await startTestEmulator({ dataDir, mode: 'impersonate' });
});

describe('entra-issuer mode', () => {
  it('serves locally but writes the real issuer; MSAL, openid-client (by .well-known URL) and core accept it', async () => {
    expect(issuerMode.origin).toBe(issuerMode.localOrigin);
    expect(issuerMode.issuer(A)).toBe(`${ENTRA}/${A}/v2.0`);
    const cca = new ConfidentialClientApplication(issuerMode.msalConfig({ clientId: DEMO.daemon.appId, clientSecret: DEMO.daemon.secret, tenant: A }));
    const result = await cca.acquireTokenByClientCredential({ scopes: [`${DEMO.ordersApi.identifierUri}/.default`] });
    expect(decode(result?.accessToken ?? '').payload.iss).toBe(`${ENTRA}/${A}/v2.0`);
    const config = await client.discovery(
      new URL(`${issuerMode.origin}/${A}/v2.0/.well-known/openid-configuration`),
      DEMO.daemon.appId,
      DEMO.daemon.secret,
      undefined,
      issuerMode.openidClientOptions(client.customFetch),
    );
    const tokens = await client.clientCredentialsGrant(config, { scope: `${DEMO.ordersApi.identifierUri}/.default` });
    const guard = createEntraGuard({
      clientId: DEMO.ordersApi.appId,
      tenancy: { mode: 'single', tenantId: A },
      cloud: { authorityHost: issuerMode.origin, issuerOrigin: ENTRA },
      fetch: issuerMode.fetch,
    });
    try {
      expect(await guard.validateToken(tokens.access_token)).toMatchObject({ kind: 'app', issuer: `${ENTRA}/${A}/v2.0` });
    } finally {
      guard.close();
    }
  });
});

describe('impersonation mode', () => {
  it('answers as login.microsoftonline.com; MSAL with the real authority sends only the token request', async () => {
    expect(impersonating.origin).toBe(ENTRA);
    const cca = new ConfidentialClientApplication(impersonating.msalConfig({ clientId: DEMO.daemon.appId, clientSecret: DEMO.daemon.secret, tenant: A }));
    impersonating.clearRequests();
    const result = await cca.acquireTokenByClientCredential({ scopes: [`${DEMO.ordersApi.identifierUri}/.default`] });
    expect(decode(result?.accessToken ?? '').payload.iss).toBe(`${ENTRA}/${A}/v2.0`);
    expect(impersonating.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`POST /${A}/oauth2/v2.0/token`]);
  });

  it('works with openid-client through customFetch, discovery documents naming Entra URLs', async () => {
    const config = await client.discovery(new URL(`${ENTRA}/${A}/v2.0`), DEMO.daemon.appId, DEMO.daemon.secret, undefined, impersonating.openidClientOptions(client.customFetch));
    expect(config.serverMetadata().token_endpoint).toBe(`${ENTRA}/${A}/oauth2/v2.0/token`);
    const tokens = await client.clientCredentialsGrant(config, { scope: `${DEMO.ordersApi.identifierUri}/.default` });
    expect(decode(tokens.access_token).payload.azp).toBe(DEMO.daemon.appId);
  });
});
