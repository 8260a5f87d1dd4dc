// The web client's routes over plain HTTP (no browser): the sign-in, the cookies' attributes,
// token refresh with rotation, the CSRF refusals and sign-out, for a tenant-specific and a
// multi-tenant (`organizations`) authority.
import { DEMO } from '@entra-guard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrder, startStack, type Stack } from './stack.js';

const A = DEMO.tenantA.id;
const B = DEMO.tenantB.id;
const CSRF = { 'x-requested-with': 'fetch' };

interface Cookie {
  readonly name: string;
  readonly value: string;
  readonly attributes: readonly string[];
}

function parseSetCookie(res: Response): Cookie[] {
  return res.headers.getSetCookie().map((line) => {
    const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
  });
}

function cookieNamed(res: Response, name: string): Cookie {
  const cookie = parseSetCookie(res).find((c) => c.name === name);
  if (cookie === undefined) throw new Error(`no ${name} cookie in ${res.headers.getSetCookie().join(' | ')}`);
  return cookie;
}

/** Signs in at the emulator's form with fetch, as a browser would; returns the redirect to the callback. */
async function emulatorSignIn(stack: Stack, authorizeUrl: string, user: { readonly upn: string; readonly password: string }): Promise<{ location: URL; session: string | undefined }> {
  const form = await stack.emu.fetch(authorizeUrl, { redirect: 'manual' });
  const html = await form.text();
  const ctx = /name="ctx" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)" id="credentials">/.exec(html)?.[1];
  if (ctx === undefined || action === undefined) throw new Error(`no sign-in form: ${html.slice(0, 300)}`);
  const post = await stack.emu.fetch(new URL(action, authorizeUrl), { method: 'POST', redirect: 'manual', body: new URLSearchParams({ ctx, login: user.upn, passwd: user.password }) });
  expect(post.status).toBe(302);
  return { location: new URL(post.headers.get('location') ?? ''), session: post.headers.get('set-cookie')?.split(';')[0] };
}

/** The whole sign-in: /auth/login → emulator form → /auth/callback; returns the session cookie and the emulator's. */
async function signIn(stack: Stack, user: { readonly upn: string; readonly password: string }): Promise<{ session: Cookie; emulatorSession: string | undefined; login: Response }> {
  const login = await fetch(`${stack.origin}/auth/login`, { redirect: 'manual' });
  const signInCookie = cookieNamed(login, 'orders-signin');
  const { location, session: emulatorSession } = await emulatorSignIn(stack, login.headers.get('location') ?? '', user);
  expect(location.origin + location.pathname).toBe(`${stack.origin}/auth/callback`);
  const callback = await fetch(location, { redirect: 'manual', headers: { cookie: `orders-signin=${signInCookie.value}` } });
  expect(callback.status).toBe(303);
  expect(callback.headers.get('location')).toBe('/');
  return { session: cookieNamed(callback, 'orders-session'), emulatorSession, login };
}

function tokenRequest(stack: Stack, session: Cookie, headers: Record<string, string> = CSRF): Promise<Response> {
  return fetch(`${stack.origin}/auth/token`, { method: 'POST', headers: { ...headers, cookie: `orders-session=${session.value}` } });
}

describe.each([
  // 127.0.0.1 over http: no Secure (Chromium would drop the cookies); localhost: Secure.
  { label: 'a tenant-specific authority on 127.0.0.1', tenant: A, host: '127.0.0.1', secure: [] },
  { label: 'the organizations authority on localhost', tenant: 'organizations', host: 'localhost', secure: ['Secure'] },
] as const)('web client routes with $label', ({ tenant, host, secure }) => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ tenant, host });
    await seedOrder(stack, DEMO.users.bob, A, 'Bob’s stapler', 2);
    await seedOrder(stack, DEMO.users.alice, A, 'Alice’s desk lamp', 1);
  }, 60_000);
  afterAll(() => stack.close());

  it('starts the code flow with PKCE (S256), state, nonce and a Lax, HttpOnly sign-in cookie', async () => {
    const login = await fetch(`${stack.origin}/auth/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const url = new URL(login.headers.get('location') ?? '');
    expect(url.origin + url.pathname).toBe(`${stack.emu.origin}/${tenant}/oauth2/v2.0/authorize`);
    const q = Object.fromEntries(url.searchParams);
    expect(q).toMatchObject({ client_id: DEMO.webClient.appId, response_type: 'code', redirect_uri: `${stack.origin}/auth/callback`, code_challenge_method: 'S256', response_mode: 'query' });
    expect(q.scope?.split(' ').sort()).toEqual(['Orders.Read', 'Orders.Write'].map((s) => `${DEMO.ordersApi.identifierUri}/${s}`).concat(['offline_access', 'openid', 'profile']).sort());
    for (const key of ['state', 'nonce', 'code_challenge'] as const) expect(q[key]?.length).toBeGreaterThanOrEqual(32);
    const cookie = cookieNamed(login, 'orders-signin');
    expect(cookie.attributes).toEqual(['Path=/auth/callback', 'Max-Age=600', 'HttpOnly', 'SameSite=Lax', ...secure]);
    expect(Buffer.from(cookie.value, 'base64url').toString('latin1')).not.toContain(q.state ?? '');
    expect(login.headers.get('cache-control')).toBe('no-store');
  });

  it('signs in, keeps the refresh token sealed in a Strict cookie, and refreshes with rotation', async () => {
    stack.emu.clearRequests();
    const { session } = await signIn(stack, { upn: DEMO.users.bob.upn, password: DEMO.users.bob.password });
    expect(session.attributes).toEqual(['Path=/auth', 'Max-Age=43200', 'HttpOnly', 'SameSite=Strict', ...secure]);
    // The emulator's refresh tokens look like `1.A…`; the cookie is AES-GCM ciphertext.
    expect(Buffer.from(session.value, 'base64url').toString('latin1')).not.toMatch(/1\.A[A-Za-z0-9_-]{20}/);

    const first = await tokenRequest(stack, session);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const body = (await first.json()) as { accessToken: string; expiresAt: number; user: { name: string; tenantId: string; username: string } };
    expect(body.user).toEqual({ name: DEMO.users.bob.name, tenantId: A, username: DEMO.users.bob.upn });
    expect(body.expiresAt).toBeGreaterThan(Date.now() + 30 * 60_000);
    const rotated = cookieNamed(first, 'orders-session');
    expect(rotated.value).not.toBe(session.value);

    const orders = await fetch(`${stack.origin}/api/orders`, { headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(orders.status).toBe(200);
    const { orders: list } = (await orders.json()) as { orders: { item: string }[] };
    expect(list.map((o) => o.item)).toEqual(['Bob’s stapler']);

    // The rotated cookie works again (a second rotation)...
    const second = await tokenRequest(stack, rotated);
    expect(second.status).toBe(200);
    expect(cookieNamed(second, 'orders-session').value).not.toBe(rotated.value);
    // ...and a replay of the first cookie within the grace period gets the first result back
    // (two tabs refreshing at once), not a second redemption of a spent refresh token.
    const replay = await tokenRequest(stack, session);
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { accessToken: string }).accessToken).toBe(body.accessToken);
    // The emulator saw the code redemption and two refresh grants for the three token requests.
    const grants = stack.emu.requests({ method: 'POST' }).filter((r) => r.path.endsWith('/oauth2/v2.0/token'));
    expect(grants).toHaveLength(3);
  });

  it('refuses /auth/token without the custom header, from another origin, or cross-site', async () => {
    const { session } = await signIn(stack, { upn: DEMO.users.bob.upn, password: DEMO.users.bob.password });
    for (const headers of [{}, { ...CSRF, origin: 'https://evil.example' }, { ...CSRF, 'sec-fetch-site': 'cross-site' }]) {
      const res = await tokenRequest(stack, session, headers);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { code: string }).code).toBe('cross_site');
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    const same = await tokenRequest(stack, session, { ...CSRF, origin: stack.origin, 'sec-fetch-site': 'same-origin' });
    expect(same.status).toBe(200);
  });

  it('answers 401 signed_out without a session cookie or with a tampered one', async () => {
    const none = await fetch(`${stack.origin}/auth/token`, { method: 'POST', headers: CSRF });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { code: string }).code).toBe('signed_out');
    const { session } = await signIn(stack, { upn: DEMO.users.bob.upn, password: DEMO.users.bob.password });
    const raw = Buffer.from(session.value, 'base64url');
    raw[raw.length - 20] = (raw[raw.length - 20] ?? 0) ^ 1;
    const tampered = await tokenRequest(stack, { ...session, value: raw.toString('base64url') });
    expect(tampered.status).toBe(401);
    expect(cookieNamed(tampered, 'orders-session').attributes).toContain('Max-Age=0');
  });

  it('answers 401 session_ended when the authority revoked the refresh token', async () => {
    const { session } = await signIn(stack, { upn: DEMO.users.alice.upn, password: DEMO.users.alice.password });
    stack.emu.revoke({ user: DEMO.users.alice.oid, tenant: A });
    const res = await tokenRequest(stack, session);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('session_ended');
    expect(cookieNamed(res, 'orders-session').attributes).toContain('Max-Age=0');
  });

  it('sends failed or replayed callbacks home with a reason, never a stack trace', async () => {
    const noCookie = await fetch(`${stack.origin}/auth/callback?code=abc&state=def`, { redirect: 'manual' });
    expect(noCookie.headers.get('location')).toBe('/?signin_error=expired');
    const login = await fetch(`${stack.origin}/auth/login`, { redirect: 'manual' });
    const cookie = `orders-signin=${cookieNamed(login, 'orders-signin').value}`;
    const wrongState = await fetch(`${stack.origin}/auth/callback?code=abc&state=not-the-state`, { redirect: 'manual', headers: { cookie } });
    expect(wrongState.headers.get('location')).toBe('/?signin_error=failed');
    const state = new URL(login.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const denied = await fetch(`${stack.origin}/auth/callback?error=access_denied&state=${state}`, { redirect: 'manual', headers: { cookie } });
    expect(denied.headers.get('location')).toBe('/?signin_error=denied');
  });

  it('signs out: clears the cookies and ends the session at the authority, which comes back signed out', async () => {
    const { session, emulatorSession } = await signIn(stack, { upn: DEMO.users.bob.upn, password: DEMO.users.bob.password });
    const refused = await fetch(`${stack.origin}/auth/logout`, { method: 'POST', headers: { cookie: `orders-session=${session.value}` } });
    expect(refused.status).toBe(403);
    const res = await fetch(`${stack.origin}/auth/logout`, { method: 'POST', headers: { ...CSRF, cookie: `orders-session=${session.value}` } });
    expect(res.status).toBe(200);
    expect(cookieNamed(res, 'orders-session').attributes).toContain('Max-Age=0');
    const { redirectTo } = (await res.json()) as { redirectTo: string };
    const end = new URL(redirectTo);
    expect(end.origin + end.pathname).toBe(`${stack.emu.origin}/${tenant}/oauth2/v2.0/logout`);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${stack.origin}/auth/callback`);
    const back = await stack.emu.fetch(redirectTo, { redirect: 'manual', headers: emulatorSession === undefined ? {} : { cookie: emulatorSession } });
    expect(back.status).toBe(302);
    const landing = await fetch(back.headers.get('location') ?? '', { redirect: 'manual' });
    expect(landing.headers.get('location')).toBe('/?signed_out=1');
  });

  it('signs Erin in: to her own tenant at organizations, as a guest at tenant A', async () => {
    const { session } = await signIn(stack, { upn: DEMO.users.erin.upn, password: DEMO.users.erin.password });
    const res = await tokenRequest(stack, session);
    expect(res.status).toBe(200);
    const { user, accessToken } = (await res.json()) as { user: { tenantId: string; name: string }; accessToken: string };
    const me = (await (await fetch(`${stack.origin}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { tenantId: string; objectId: string; isGuest: boolean };
    if (tenant === 'organizations') {
      expect(user).toMatchObject({ tenantId: B, name: DEMO.users.erin.name });
      expect(me).toMatchObject({ tenantId: B, objectId: DEMO.users.erin.oid, isGuest: false });
    } else {
      expect(user).toMatchObject({ tenantId: A, name: DEMO.users.erinGuest.name });
      expect(me).toMatchObject({ tenantId: A, objectId: DEMO.users.erinGuest.oid, isGuest: true });
    }
  });

  it('serves the page and its files under a strict CSP, with no inline script', async () => {
    const page = await fetch(`${stack.origin}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/web/app.js"></script>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    for (const [path, type] of [['/web/app.js', 'text/javascript'], ['/web/style.css', 'text/css']] as const) {
      const res = await fetch(`${stack.origin}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
