// The emulator never imports @entra-guard/core; only this test does, to check that the
// independent validator accepts what the emulator issues (and refuses its deliberate fakes).
import { createEntraGuard, type EntraGuard } from '@entra-guard/core';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type Emulator } from '../src/index.js';
import { decode, startTestEmulator } from './support.js';

let emu: Emulator;
let guard: EntraGuard;
let multiGuard: EntraGuard;
const A = DEMO.tenantA.id;
const B = DEMO.tenantB.id;

beforeAll(async () => {
  emu = await startTestEmulator();
  const common = { clientId: DEMO.ordersApi.appId, cloud: { authorityHost: emu.origin }, fetch: emu.fetch, tokenCache: false as const };
  guard = createEntraGuard({ ...common, tenancy: { mode: 'single', tenantId: A } });
  multiGuard = createEntraGuard({ ...common, tenancy: { mode: 'multi', allowedTenants: [A, B] } });
});

afterAll(() => {
  guard.close();
  multiGuard.close();
});

describe('the core validator accepts the emulator tokens', () => {
  it('accepts a v2 app-only token from a real client-credentials flow', async () => {
    const cca = new ConfidentialClientApplication(emu.msalConfig({ clientId: DEMO.daemon.appId, clientSecret: DEMO.daemon.secret, tenant: A }));
    const result = await cca.acquireTokenByClientCredential({ scopes: [`${DEMO.ordersApi.identifierUri}/.default`] });
    const principal = await guard.validateToken(result?.accessToken ?? '');
    expect(principal).toMatchObject({ kind: 'app', tenantId: A, clientId: DEMO.daemon.appId, objectId: DEMO.daemon.servicePrincipalId, tokenVersion: '2.0', clientAuth: 'secret' });
    expect([...principal.roles]).toEqual(['Orders.Read.All']);
  });

  it('accepts minted v2 and v1 delegated tokens (v1 iss https://sts.windows.net/{tid}/)', async () => {
    const v2 = await guard.validateToken(emu.mint({ user: DEMO.users.alice.upn, client: DEMO.webClient.appId }));
    expect(v2).toMatchObject({ kind: 'user', objectId: DEMO.users.alice.oid, tokenVersion: '2.0' });
    expect([...v2.scopes].sort()).toEqual(['Orders.Read', 'Orders.Write']);
    expect([...v2.roles]).toEqual(['Orders.Admin']);
    const v1Token = emu.mint({ version: 1, user: DEMO.users.bob.upn, client: DEMO.webClient.appId });
    expect(decode(v1Token).payload).toMatchObject({ iss: `https://sts.windows.net/${A}/`, aud: DEMO.ordersApi.identifierUri, ver: '1.0' });
    const v1 = await guard.validateToken(v1Token);
    expect(v1).toMatchObject({ kind: 'user', objectId: DEMO.users.bob.oid, tokenVersion: '1.0', clientId: DEMO.webClient.appId });
  });

  it('accepts a v1 app-only token and a guest', async () => {
    const app = await guard.validateToken(emu.mint({ kind: 'app', version: 1, client: DEMO.syncDaemon.appId }));
    expect(app).toMatchObject({ kind: 'app', tokenVersion: '1.0', clientId: DEMO.syncDaemon.appId });
    const guest = await guard.validateToken(emu.mint({ user: DEMO.users.erinGuest.signInName, client: DEMO.webClient.appId }));
    expect(guest).toMatchObject({ kind: 'user', isGuest: true, objectId: DEMO.users.erinGuest.oid });
  });

  it('accepts tokens of the second tenant with multi-tenancy and refuses them with single', async () => {
    const token = emu.mint({ tenant: B, user: DEMO.users.erin.upn, client: DEMO.webClient.appId });
    expect(await multiGuard.validateToken(token)).toMatchObject({ tenantId: B, objectId: DEMO.users.erin.oid });
    await expect(guard.validateToken(token)).rejects.toMatchObject({ code: expect.stringMatching(/^EG_/) });
  });

  it('refuses the deliberate fakes: unpublished key, alg none, HS256 confusion, expired, wrong audience', async () => {
    const fakes = [
      emu.mint({ signWith: 'unpublished' }),
      emu.mint({ signWith: 'none' }),
      emu.mint({ signWith: 'hs256' }),
      emu.mint({ issuedAt: Math.floor(Date.now() / 1000) - 10_000, lifetimeSeconds: 3600 }),
      emu.mint({ audience: DEMO.reportsApi.identifierUri }),
      emu.mint({ kind: 'id' }),
    ];
    for (const token of fakes) await expect(guard.validateToken(token)).rejects.toMatchObject({ code: expect.stringMatching(/^EG_/) });
  });

  it('accepts a token signed by the next key (published before use) and follows a rotation', async () => {
    const next = emu.mint({ signWith: 'next' });
    expect(await guard.validateToken(next)).toMatchObject({ kind: 'user' });
    await emu.rotateKeys();
    const fresh = createEntraGuard({ clientId: DEMO.ordersApi.appId, cloud: { authorityHost: emu.origin }, fetch: emu.fetch, tenancy: { mode: 'single', tenantId: A } });
    try {
      expect(await fresh.validateToken(emu.mint())).toMatchObject({ kind: 'user' });
      expect(await fresh.validateToken(emu.mint({ signWith: 'retired' }))).toMatchObject({ kind: 'user' });
    } finally {
      fresh.close();
    }
  });
});
