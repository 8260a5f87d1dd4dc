import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, demoConfig, type Emulator } from '../src/index.js';
import { WEB_REDIRECT } from './flow.js';
import { decode, postForm, signIn, startTestEmulator } from './support.js';

let emu: Emulator;
const A = DEMO.tenantA.id;
const alice = { login: DEMO.users.alice.upn, password: DEMO.users.alice.password };

beforeAll(async () => {
  emu = await startTestEmulator();
});

function authorizeUrl(params: Record<string, string>, tenant = A): string {
  const url = new URL(`${emu.authority(tenant)}/oauth2/v2.0/authorize`);
  url.search = new URLSearchParams({ client_id: DEMO.webClient.appId, response_type: 'code', redirect_uri: WEB_REDIRECT, scope: `openid ${DEMO.ordersApi.identifierUri}/Orders.Read`, ...params }).toString();
  return url.href;
}

describe('authorize: sign-in page, SSO and prompt=none', () => {
  it('shows the form, refuses a wrong password with AADSTS50126, then signs in and sets the session cookie', async () => {
    const page = await emu.fetch(authorizeUrl({ state: 's1' }), { redirect: 'manual' });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('name="passwd"');
    expect(html).toContain(DEMO.users.bob.upn);
    expect(html).not.toContain(DEMO.users.bob.password);
    const ctx = /name="ctx" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const wrong = await emu.fetch(`${emu.localOrigin}/${A}/login`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ ctx, login: alice.login, passwd: 'nope' }) });
    expect(await wrong.text()).toContain('AADSTS50126: Error validating credentials due to invalid username or password.');
    const unknown = await emu.fetch(`${emu.localOrigin}/${A}/login`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ ctx, login: 'nobody@contoso-demo.onmicrosoft.com', passwd: 'x' }) });
    expect(await unknown.text()).toContain('AADSTS50034');
    const ok = await emu.fetch(`${emu.localOrigin}/${A}/login`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ ctx, login: alice.login, passwd: alice.password }) });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('set-cookie')).toMatch(/^ESTSAUTH=[^;]+; Path=\/; HttpOnly; SameSite=None; Secure$/);
    const location = new URL(ok.headers.get('location') ?? '');
    expect(location.searchParams.get('state')).toBe('s1');
    expect(location.searchParams.get('code')).toBeTruthy();
  });

  it('signs in silently with the session cookie (SSO, prompt=none) and asks for login without it', async () => {
    const { cookie } = await signIn(emu, authorizeUrl({}), alice);
    const silent = await signIn(emu, authorizeUrl({ prompt: 'none', state: 's2' }), undefined, cookie);
    expect(silent.location.searchParams.get('code')).toBeTruthy();
    expect(silent.location.searchParams.get('state')).toBe('s2');
    const none = await emu.fetch(authorizeUrl({ prompt: 'none', state: 's3' }), { redirect: 'manual' });
    const location = new URL(none.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('login_required');
    expect(location.searchParams.get('error_description')).toMatch(/^AADSTS50058: /);
    expect(location.searchParams.get('state')).toBe('s3');
    // The picker lists the signed-in account when prompt=select_account.
    const picker = await emu.fetch(authorizeUrl({ prompt: 'select_account' }), { redirect: 'manual', headers: { cookie: cookie ?? '' } });
    expect(await picker.text()).toContain('Pick an account');
  });

  it('ends the session at logout and redirects to a registered post_logout_redirect_uri', async () => {
    const { cookie } = await signIn(emu, authorizeUrl({}), alice);
    const logout = await emu.fetch(`${emu.authority()}/oauth2/v2.0/logout?client_id=${DEMO.webClient.appId}&post_logout_redirect_uri=${encodeURIComponent(WEB_REDIRECT)}&state=bye`, { redirect: 'manual', headers: { cookie: cookie ?? '' } });
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe(`${WEB_REDIRECT}?state=bye`);
    const after = await emu.fetch(authorizeUrl({ prompt: 'none' }), { redirect: 'manual', headers: { cookie: cookie ?? '' } });
    expect(new URL(after.headers.get('location') ?? '').searchParams.get('error')).toBe('login_required');
  });
});

describe('authorize: errors and response modes', () => {
  it('shows a page (no redirect) for an unregistered redirect URI or an unknown app', async () => {
    const bad = await emu.fetch(authorizeUrl({ redirect_uri: 'https://evil.example/cb' }), { redirect: 'manual' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('AADSTS50011: The redirect URI &#39;https://evil.example/cb&#39; specified in the request does not match');
    const unknown = await emu.fetch(authorizeUrl({ client_id: '11111111-2222-4333-8444-555555555555' }), { redirect: 'manual' });
    expect(await unknown.text()).toContain('AADSTS700016');
  });

  it('accepts any port on a loopback redirect URI registered without one', async () => {
    const { location } = await signIn(emu, authorizeUrl({ redirect_uri: 'http://127.0.0.1:49999/auth/callback' }), alice);
    expect(location.host).toBe('127.0.0.1:49999');
  });

  it('redirects errors after the redirect URI is trusted: id_token not enabled (AADSTS700054)', async () => {
    const res = await emu.fetch(authorizeUrl({ response_type: 'id_token', nonce: 'n', state: 'st' }), { redirect: 'manual' });
    const location = new URL(res.headers.get('location') ?? '');
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('error')).toBe('unsupported_response_type');
    expect(fragment.get('error_description')).toMatch(/^AADSTS700054: /);
    expect(fragment.get('state')).toBe('st');
  });

  it('answers response_mode=form_post with a self-posting form', async () => {
    const { cookie } = await signIn(emu, authorizeUrl({}), alice);
    const res = await emu.fetch(authorizeUrl({ response_mode: 'form_post', state: 'fp' }), { headers: { cookie: cookie ?? '' } });
    const html = await res.text();
    expect(html).toContain(`<form method="post" action="${WEB_REDIRECT}">`);
    expect(html).toMatch(/name="code" value="[^"]+"/);
    expect(html).toContain('name="state" value="fp"');
  });

  it('signs in a guest in the inviting tenant with acct = 1 and idp = home tenant', async () => {
    const { location } = await signIn(emu, authorizeUrl({}), { login: DEMO.users.erinGuest.signInName, password: DEMO.users.erinGuest.password });
    const code = location.searchParams.get('code') ?? '';
    const { body } = await postForm(emu, `${emu.authority()}/oauth2/v2.0/token`, { grant_type: 'authorization_code', client_id: DEMO.webClient.appId, client_secret: DEMO.webClient.secret, code, redirect_uri: WEB_REDIRECT });
    expect(decode(String(body.access_token)).payload).toMatchObject({ oid: DEMO.users.erinGuest.oid, tid: A, acct: 1, idp: `https://sts.windows.net/${DEMO.tenantB.id}/` });
  });

  it('returns client_info when asked and honours requested claims (xms_cc, acrs)', async () => {
    const { cookie } = await signIn(emu, authorizeUrl({}), alice);
    const claims = JSON.stringify({ access_token: { xms_cc: { values: ['cp1'] }, acrs: { essential: true, value: 'c1' } } });
    const { location } = await signIn(emu, authorizeUrl({ client_info: '1', claims }), undefined, cookie);
    expect(JSON.parse(Buffer.from(location.searchParams.get('client_info') ?? '', 'base64url').toString())).toEqual({ uid: DEMO.users.alice.oid, utid: A });
    const { body } = await postForm(emu, `${emu.authority()}/oauth2/v2.0/token`, {
      grant_type: 'authorization_code', client_id: DEMO.webClient.appId, client_secret: DEMO.webClient.secret, code: location.searchParams.get('code') ?? '', redirect_uri: WEB_REDIRECT, client_info: '1',
    });
    expect(body.client_info).toEqual(expect.any(String));
    expect(decode(String(body.access_token)).payload).toMatchObject({ xms_cc: ['CP1'], acrs: ['c1'] });
  });

  it('runs the hybrid flow when implicit ID tokens are enabled: code and id_token with c_hash and nonce', async () => {
    const config = demoConfig();
    const [a, b] = config.tenants;
    if (a === undefined || b === undefined) throw new Error('demo tenants');
    const apps = (a.applications ?? []).map((app) => (app.appId === DEMO.spa.appId ? { ...app, implicitGrant: { idToken: true } } : app));
    const hybrid = await startTestEmulator({ config: { ...config, tenants: [{ ...a, applications: apps }, b] } });
    const url = new URL(`${hybrid.authority()}/oauth2/v2.0/authorize`);
    url.search = new URLSearchParams({ client_id: DEMO.spa.appId, response_type: 'code id_token', redirect_uri: 'http://localhost:5173/', scope: 'openid profile', nonce: 'hn', state: 'hs' }).toString();
    const { location } = await signIn(hybrid, url.href, alice);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('code')).toBeTruthy();
    expect(decode(fragment.get('id_token') ?? '').payload).toMatchObject({ aud: DEMO.spa.appId, nonce: 'hn', c_hash: expect.any(String) });
    expect(fragment.get('state')).toBe('hs');
  });
});
