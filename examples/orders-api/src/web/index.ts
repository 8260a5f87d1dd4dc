import type { Express } from 'express';
import { mountAuthRoutes } from './auth-routes.js';
import type { MountWebClient, WebClientOptions } from './contract.js';
import { webCookies } from './cookies.js';
import { createOidc, type TokenSet } from './oidc.js';
import { resolveWebOptions } from './options.js';
import { mountPage } from './page.js';
import { createRefreshFlights } from './refresh-flights.js';
import { sessionCookies } from './session.js';

export type { WebClientOptions } from './contract.js';

/**
 * Mounts the orders web client, a backend-for-frontend, on an Express app:
 *
 * - `GET /` the page, `GET /web/app.js` and `GET /web/style.css` its script and style;
 * - `GET /auth/login` → the authority's sign-in (authorization code + PKCE, state, nonce);
 * - `GET /auth/callback` redeems the code and keeps the refresh token in an HttpOnly,
 *   SameSite=Strict, AES-256-GCM-sealed cookie;
 * - `POST /auth/token` gives the page a fresh access token (kept in memory by the page only)
 *   and rotates the refresh token: `{ accessToken, expiresAt, user: { name, tenantId, username } }`;
 * - `POST /auth/logout` clears the cookies and answers `{ redirectTo }`, the authority's
 *   end-session URL, which comes back to the signed-out page.
 *
 * Options are checked at once (TypeError); the authority is contacted on the first sign-in.
 * Mount it before any catch-all route; it needs no body parser or cookie parser.
 */
export const mountWebClient: MountWebClient = (app: Express, options: WebClientOptions): void => {
  const resolved = resolveWebOptions(options);
  const cookies = webCookies(resolved.secureCookies, resolved.origin.startsWith('https:'));
  mountPage(app);
  mountAuthRoutes(app, {
    options: resolved,
    oidc: createOidc(resolved),
    cookies: sessionCookies(cookies, resolved.cookieSecret),
    flights: createRefreshFlights<TokenSet>(),
  });
};
