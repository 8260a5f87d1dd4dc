import type { Express, Request, Response } from 'express';
import * as client from 'openid-client';
import { AuthorityUnavailableError, GrantRefusedError, type Oidc, type TokenSet } from './oidc.js';
import type { ResolvedWebOptions } from './options.js';
import type { RefreshFlights } from './refresh-flights.js';
import { crossSiteReason } from './same-origin.js';
import type { SessionCookies } from './session.js';

export interface AuthRouteDeps {
  readonly options: ResolvedWebOptions;
  readonly oidc: Oidc;
  readonly cookies: SessionCookies;
  readonly flights: RefreshFlights<TokenSet>;
}

/**
 * The only redirect URI registered for the web client is /auth/callback, so the authority's
 * logout returns there too, with this `state`; the callback then shows the signed-out page.
 */
export const SIGNED_OUT_STATE = 'signed-out';

/** Reasons the page can show after a failed sign-in (`/?signin_error=…`); the page words them. */
type SignInError = 'expired' | 'denied' | 'failed' | 'unavailable';

const PROMPTS = new Set(['login', 'select_account']);

function noStore(res: Response): void {
  res.set('Cache-Control', 'no-store');
  res.set('Pragma', 'no-cache');
}

function problem(res: Response, status: number, code: string, detail: string): void {
  noStore(res);
  res.status(status).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title: detail, status, code }));
}

interface Logger {
  warn(obj: object, msg: string): void;
}

/** To the app's pino-http logger when there is one (`req.log`), else the console. Never a token. */
function warn(req: Request, err: unknown, what: string): void {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const log = (req as Request & { log?: Partial<Logger> }).log;
  if (typeof log?.warn === 'function') log.warn({ err: message }, `web client: ${what}`);
  else console.warn(`web client: ${what}: ${message}`);
}

function backHome(res: Response, error: SignInError): void {
  res.redirect(303, `/?signin_error=${error}`);
}

export function mountAuthRoutes(app: Express, deps: AuthRouteDeps): void {
  const { options, oidc, cookies, flights } = deps;

  // GET /auth/login: a new state, nonce and PKCE verifier in the sign-in cookie, then off to the authority.
  app.get('/auth/login', async (req: Request, res: Response) => {
    noStore(res);
    const prompt = typeof req.query.prompt === 'string' && PROMPTS.has(req.query.prompt) ? req.query.prompt : undefined;
    const tx = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
    try {
      const url = await oidc.authorizationUrl(tx, prompt);
      cookies.writeSignIn(res, tx);
      res.redirect(302, url.href);
    } catch (err) {
      warn(req, err, 'sign-in could not start');
      backHome(res, 'unavailable');
    }
  });

  // GET /auth/callback: redeem the code, keep the refresh token in the session cookie, go home.
  app.get('/auth/callback', async (req: Request, res: Response) => {
    noStore(res);
    // Built from the configured origin, never from the Host header.
    const url = new URL(req.originalUrl, options.origin);
    const params = url.searchParams;
    if (!params.has('code') && !params.has('error') && params.get('state') === SIGNED_OUT_STATE) {
      res.redirect(303, '/?signed_out=1');
      return;
    }
    const tx = cookies.readSignIn(req);
    cookies.clearSignIn(res);
    if (tx === undefined) return backHome(res, 'expired');
    // openid-client checks the state too; checking it first means a forged callback costs no request to the authority.
    if (params.get('state') !== tx.state) return backHome(res, 'failed');
    if (params.has('error')) return backHome(res, params.get('error') === 'access_denied' ? 'denied' : 'failed');
    try {
      const tokens = await oidc.redeem(url, tx);
      cookies.writeSession(res, { refreshToken: tokens.refreshToken, user: tokens.user, signedInAt: Math.floor(Date.now() / 1000) });
      res.redirect(303, '/');
    } catch (err) {
      warn(req, err, 'sign-in failed');
      backHome(res, err instanceof GrantRefusedError ? 'failed' : 'unavailable');
    }
  });

  // POST /auth/token: a fresh access token for the page, the refresh token rotated in the cookie.
  app.post('/auth/token', async (req: Request, res: Response) => {
    const refused = crossSiteReason(req, options.origin);
    if (refused !== undefined) return problem(res, 403, 'cross_site', 'This request did not come from the orders page.');
    const session = cookies.readSession(req);
    if (session === undefined) {
      cookies.clearSession(res);
      return problem(res, 401, 'signed_out', 'You are not signed in.');
    }
    try {
      const tokens = await flights.run(session.refreshToken, () => oidc.refresh(session.refreshToken, session.user.tenantId));
      const user = tokens.user ?? session.user;
      if (user.objectId !== session.user.objectId || user.tenantId !== session.user.tenantId) throw new GrantRefusedError('another_user');
      cookies.writeSession(res, { refreshToken: tokens.refreshToken ?? session.refreshToken, user, signedInAt: session.signedInAt });
      noStore(res);
      // expiresIn too: the page times the token by its own clock, which may be off from the server's.
      const expiresIn = Math.max(0, Math.floor((tokens.expiresAt - Date.now()) / 1000));
      res.json({ accessToken: tokens.accessToken, expiresAt: tokens.expiresAt, expiresIn, user: { name: user.name, tenantId: user.tenantId, username: user.username ?? null } });
    } catch (err) {
      if (err instanceof GrantRefusedError) {
        cookies.clearSession(res);
        return problem(res, 401, 'session_ended', 'Your session has ended. Please sign in again.');
      }
      warn(req, err, 'token refresh failed');
      res.set('Retry-After', '5');
      const detail = err instanceof AuthorityUnavailableError ? 'The sign-in service is not reachable right now.' : 'The token could not be refreshed.';
      return problem(res, 503, 'authority_unavailable', detail);
    }
  });

  // POST /auth/logout: forget the session here, then end it at the authority too.
  app.post('/auth/logout', async (req: Request, res: Response) => {
    const refused = crossSiteReason(req, options.origin);
    if (refused !== undefined) return problem(res, 403, 'cross_site', 'This request did not come from the orders page.');
    cookies.clearSession(res);
    cookies.clearSignIn(res);
    noStore(res);
    let redirectTo = '/?signed_out=1';
    try {
      const end = await oidc.endSessionUrl(options.redirectUri, SIGNED_OUT_STATE);
      if (end !== undefined) redirectTo = end.href;
    } catch (err) {
      warn(req, err, 'no end-session endpoint; signing out locally only');
    }
    res.json({ redirectTo });
  });
}
