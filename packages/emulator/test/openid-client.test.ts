import * as client from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type Emulator } from '../src/index.js';
import { decode, signIn, startTestEmulator } from './support.js';

let emu: Emulator;
let config: client.Configuration;
const A = DEMO.tenantA.id;
const REDIRECT = 'http://localhost:3000/auth/callback';
const ORDERS_WRITE = `${DEMO.ordersApi.identifierUri}/Orders.Write`;

beforeAll(async () => {
  emu = await startTestEmulator();
  config = await client.discovery(new URL(emu.issuer(A)), DEMO.webClient.appId, DEMO.webClient.secret, undefined, emu.openidClientOptions(client.customFetch));
});

describe('openid-client', () => {
  it('discovers the tenant issuer (Entra has no code_challenge_methods_supported)', () => {
    expect(config.serverMetadata().issuer).toBe(`${emu.origin}/${A}/v2.0`);
    expect(config.serverMetadata().supportsPKCE()).toBe(false);
  });

  it('runs client credentials with client_secret_post and client_secret_basic', async () => {
    const daemon = await client.discovery(new URL(emu.issuer(A)), DEMO.daemon.appId, DEMO.daemon.secret, undefined, emu.openidClientOptions(client.customFetch));
    const tokens = await client.clientCredentialsGrant(daemon, { scope: `${DEMO.ordersApi.identifierUri}/.default` });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(decode(tokens.access_token).payload.roles).toEqual(['Orders.Read.All']);
    const basic = await client.discovery(new URL(emu.issuer(A)), DEMO.daemon.appId, undefined, client.ClientSecretBasic(DEMO.daemon.secret), emu.openidClientOptions(client.customFetch));
    const viaBasic = await client.clientCredentialsGrant(basic, { scope: `${DEMO.ordersApi.identifierUri}/.default` });
    expect(decode(viaBasic.access_token).payload.azp).toBe(DEMO.daemon.appId);
  });

  it('runs authorization code with PKCE and nonce, then refresh (new refresh token, new ID token)', async () => {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: `openid profile email offline_access ${ORDERS_WRITE}`,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const { location } = await signIn(emu, url.href, { login: DEMO.users.bob.upn, password: DEMO.users.bob.password });
    const tokens = await client.authorizationCodeGrant(config, location, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    expect(tokens.claims()).toMatchObject({ iss: `${emu.origin}/${A}/v2.0`, aud: DEMO.webClient.appId, nonce, email: DEMO.users.bob.upn, name: DEMO.users.bob.name });
    expect(tokens.scope).toBe(`${ORDERS_WRITE} openid profile email`);
    expect(decode(tokens.access_token).payload).toMatchObject({ aud: DEMO.ordersApi.appId, scp: 'Orders.Write', oid: DEMO.users.bob.oid });
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.id_token).toBeTruthy();
    expect(decode(refreshed.access_token).payload.scp).toBe('Orders.Write');
  });

  it('gets a Microsoft Graph token for an OIDC-only sign-in and serves /oidc/userinfo with it', async () => {
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid profile email', state: 's' });
    const { location } = await signIn(emu, url.href, { login: DEMO.users.alice.upn, password: DEMO.users.alice.password });
    const tokens = await client.authorizationCodeGrant(config, location, { expectedState: 's' });
    const { header, payload } = decode(tokens.access_token);
    expect(header.nonce).toEqual(expect.any(String));
    expect(payload.aud).toBe('00000003-0000-0000-c000-000000000000');
    const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub ?? '');
    expect(info).toMatchObject({ name: DEMO.users.alice.name, email: DEMO.users.alice.upn });
  });

  it('runs the device authorization grant', async () => {
    const cli = await client.discovery(new URL(emu.issuer(A)), DEMO.cli.appId, undefined, client.None(), emu.openidClientOptions(client.customFetch));
    const device = await client.initiateDeviceAuthorization(cli, { scope: `${DEMO.ordersApi.identifierUri}/Orders.Read` });
    emu.approveDeviceCode({ userCode: device.user_code, user: DEMO.users.alice.oid });
    const tokens = await client.pollDeviceAuthorizationGrant(cli, device);
    expect(decode(tokens.access_token).payload).toMatchObject({ oid: DEMO.users.alice.oid, azp: DEMO.cli.appId });
  });

  it('reports a wrong secret as a ResponseBodyError with status 401', async () => {
    const wrong = await client.discovery(new URL(emu.issuer(A)), DEMO.daemon.appId, 'wrong', undefined, emu.openidClientOptions(client.customFetch));
    await expect(client.clientCredentialsGrant(wrong, { scope: `${DEMO.ordersApi.identifierUri}/.default` })).rejects.toMatchObject({ error: 'invalid_client', status: 401 });
  });
});
