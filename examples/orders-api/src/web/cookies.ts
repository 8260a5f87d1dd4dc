import type { Request, Response } from 'express';

/**
 * The web client's two cookies, both HttpOnly (never readable by JavaScript) and sealed with
 * AES-256-GCM (`seal.ts`):
 *
 * - the sign-in cookie: state, nonce and PKCE verifier between /auth/login and /auth/callback.
 *   `SameSite=Lax`, because the callback is a top-level navigation coming from the authority's
 *   site, where a `Strict` cookie is not sent; `Path=/auth/callback`; ten minutes.
 * - the session cookie: the refresh token and who it belongs to. `SameSite=Strict` (only
 *   requests the page itself makes carry it), `Path=/auth` (the API routes never see it).
 *
 * `Secure` is set on https and on `http://localhost` (a secure context for browsers); it is
 * left off on `http://127.0.0.1` only, where Chromium would drop a `Secure` cookie. On https
 * the names take the `__Secure-` prefix, so the browser refuses them from a non-secure origin.
 */
export interface CookieSpec {
  readonly name: string;
  readonly path: string;
  readonly sameSite: 'Lax' | 'Strict';
  readonly maxAgeSeconds: number;
}

export interface WebCookies {
  readonly signIn: CookieSpec;
  readonly session: CookieSpec;
  readonly secure: boolean;
}

/** Ten minutes to complete a sign-in, as long as Entra's authorization code lives. */
export const SIGN_IN_TTL_SECONDS = 600;
/** The session cookie lives 12 hours past the last refresh (it is re-sent with each rotation). */
export const SESSION_IDLE_SECONDS = 12 * 3600;

export function webCookies(secure: boolean, https: boolean): WebCookies {
  const prefix = https ? '__Secure-' : '';
  return {
    signIn: { name: `${prefix}orders-signin`, path: '/auth/callback', sameSite: 'Lax', maxAgeSeconds: SIGN_IN_TTL_SECONDS },
    session: { name: `${prefix}orders-session`, path: '/auth', sameSite: 'Strict', maxAgeSeconds: SESSION_IDLE_SECONDS },
    secure,
  };
}

/** One `Set-Cookie` value. Sealed values are base64url, so no escaping is needed. */
export function serializeCookie(spec: CookieSpec, value: string, secure: boolean, maxAgeSeconds = spec.maxAgeSeconds): string {
  const parts = [`${spec.name}=${value}`, `Path=${spec.path}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', `SameSite=${spec.sameSite}`];
  if (maxAgeSeconds === 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

export function setCookie(res: Response, cookies: WebCookies, spec: CookieSpec, value: string, maxAgeSeconds?: number): void {
  res.append('Set-Cookie', serializeCookie(spec, value, cookies.secure, maxAgeSeconds));
}

export function clearCookie(res: Response, cookies: WebCookies, spec: CookieSpec): void {
  res.append('Set-Cookie', serializeCookie(spec, '', cookies.secure, 0));
}

/**
 * The value of one cookie from the request's `Cookie` header (read directly, so the web client
 * works whether or not the app uses cookie-parser). The first occurrence wins, as in browsers'
 * ordering (the most specific path first).
 */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
