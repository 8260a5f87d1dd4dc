import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type Emulator } from '../src/index.js';
import { codeFlowTokens, refresh } from './flow.js';
import { startTestEmulator, seededDataDir } from './support.js';

let entra: Emulator;
let strict: Emulator;

beforeAll(async () => {
  // Both share one data folder: the second start reuses the first one's keys.
  const dataDir = await seededDataDir();
  entra = await startTestEmulator({ dataDir, refreshTokenRotation: 'entra' });
  // the default
  strict = await startTestEmulator({ dataDir });
});

describe('refresh-token rotation', () => {
  it('rotates on every use; with refreshTokenRotation "entra" the old token still works', async () => {
    const first = await codeFlowTokens(entra);
    const rt1 = String(first.refresh_token);
    const second = await refresh(entra, rt1);
    expect(second.status).toBe(200);
    const rt2 = String(second.body.refresh_token);
    expect(rt2).not.toBe(rt1);
    expect(second.body.id_token).toEqual(expect.any(String));
    // "Refresh tokens aren't revoked when used to acquire new access tokens" (Entra docs).
    expect((await refresh(entra, rt1)).status).toBe(200);
  });

  it('by default (strict), reuse after rotation is refused in Entra\'s error shape (AADSTS50173)', async () => {
    const first = await codeFlowTokens(strict);
    const rt1 = String(first.refresh_token);
    const second = await refresh(strict, rt1);
    expect(second.status).toBe(200);
    const reused = await refresh(strict, rt1);
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ error: 'invalid_grant', error_codes: [50173] });
    expect(String(reused.body.error_description)).toMatch(/^AADSTS50173: The provided grant has expired due to it being revoked/);
    // The successor stays valid.
    expect((await refresh(strict, String(second.body.refresh_token))).status).toBe(200);
  });

  it('refuses refresh tokens after revocation of the user (AADSTS50173) and garbage (AADSTS9002313)', async () => {
    const tokens = await codeFlowTokens(entra, { user: { login: DEMO.users.bob.upn, password: DEMO.users.bob.password } });
    expect(entra.revoke({ user: DEMO.users.bob.upn })).toBeGreaterThanOrEqual(1);
    const after = await refresh(entra, String(tokens.refresh_token));
    expect(after.body).toMatchObject({ error: 'invalid_grant', error_codes: [50173] });
    const garbage = await refresh(entra, 'not-a-refresh-token');
    expect(garbage.body).toMatchObject({ error: 'invalid_grant', error_codes: [9002313] });
  });

  it('asks for consent (suberror consent_required, AADSTS65001) for a resource nobody consented to', async () => {
    const tokens = await codeFlowTokens(entra);
    const other = await refresh(entra, String(tokens.refresh_token), `${DEMO.ordersApi.identifierUri}/.default ${DEMO.reportsApi.identifierUri}/Reports.Read`);
    expect(other.body).toMatchObject({ error: 'invalid_scope', error_codes: [28000] });
    const graphOnly = await refresh(entra, String(tokens.refresh_token), 'https://graph.microsoft.com/Mail.Read');
    expect(graphOnly.body).toMatchObject({ error: 'invalid_grant', suberror: 'consent_required', error_codes: [65001] });
  });

  it('expires SPA refresh chains after 24 hours (AADSTS700084) and needs Origin for SPA redemption', async () => {
    const spaRedirect = 'http://localhost:5173/';
    const origin = 'http://localhost:5173';
    const tokens = await codeFlowTokens(entra, { clientId: DEMO.spa.appId, redirectUri: spaRedirect, headers: { origin } });
    expect(tokens.access_token).toEqual(expect.any(String));
    const post = (headers: Record<string, string>): Promise<Response> =>
      entra.fetch(`${entra.authority()}/oauth2/v2.0/token`, {
        method: 'POST',
        headers,
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: DEMO.spa.appId, refresh_token: String(tokens.refresh_token) }),
      });
    const noOrigin = await post({});
    expect(((await noOrigin.json()) as Record<string, unknown>).error_codes).toEqual([9002327]);
    const ok = await post({ origin });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
    entra.advanceClock(25 * 3600);
    try {
      const late = await post({ origin });
      expect(((await late.json()) as Record<string, unknown>).error_codes).toEqual([700084]);
    } finally {
      entra.setClock(0);
    }
  });
});
