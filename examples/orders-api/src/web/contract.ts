import type { Express } from 'express';

/**
 * How the orders API mounts the web client (a backend-for-frontend). The API owns everything
 * else; the web client owns `src/web/`, its page and its routes:
 * `GET /` (the page), `GET /auth/login`, `GET /auth/callback`, `POST /auth/token` (a fresh
 * access token for the page, from the refresh token kept in an HttpOnly cookie), `POST /auth/logout`.
 */
export interface WebClientOptions {
  /** Authority with tenant segment, e.g. `https://localhost:8443/organizations/v2.0` or a tenant GUID. */
  readonly authority: string;
  /** The web client's application id and secret (a confidential client). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** Scopes the page needs, e.g. `api://<api id>/Orders.Read`. */
  readonly scopes: readonly string[];
  /** The origin the browser uses for this server, e.g. `http://127.0.0.1:3000` (redirect URI = origin + /auth/callback). */
  readonly publicOrigin: string;
  /** A fetch that trusts the authority's TLS (the emulator's CA); default global fetch. */
  readonly fetch?: typeof fetch;
  /** Secret for signing/encrypting the session cookies (32+ characters). */
  readonly cookieSecret: string;
}

/** Implemented in `src/web/index.ts`. */
export type MountWebClient = (app: Express, options: WebClientOptions) => void;
