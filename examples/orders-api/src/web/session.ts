import type { Request, Response } from 'express';
import { clearCookie, readCookie, setCookie, type WebCookies } from './cookies.js';
import type { SignInTransaction, WebUser } from './oidc.js';
import { createSealer, type Sealer } from './seal.js';

/** What the session cookie holds (sealed): the refresh token and whose it is. */
export interface SessionState {
  readonly refreshToken: string;
  readonly user: WebUser;
  /** When the user signed in, seconds since the epoch: the session ends 7 days later whatever happens. */
  readonly signedInAt: number;
}

/** A session ends this long after sign-in even if it keeps refreshing. */
export const SESSION_ABSOLUTE_SECONDS = 7 * 24 * 3600;
/** Browsers keep cookies up to about 4 KB; a larger refresh token cannot be carried. */
const MAX_COOKIE_VALUE = 3900;

export interface SessionCookies {
  readSignIn(req: Request): SignInTransaction | undefined;
  writeSignIn(res: Response, tx: SignInTransaction): void;
  clearSignIn(res: Response): void;
  readSession(req: Request): SessionState | undefined;
  writeSession(res: Response, state: SessionState): void;
  clearSession(res: Response): void;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';

function asTransaction(value: unknown): SignInTransaction | undefined {
  const v = value as Partial<SignInTransaction> | undefined;
  return v !== undefined && v !== null && isString(v.state) && isString(v.nonce) && isString(v.verifier) ? { state: v.state, nonce: v.nonce, verifier: v.verifier } : undefined;
}

function asSession(value: unknown, nowSeconds: number): SessionState | undefined {
  const v = value as Partial<SessionState> | undefined;
  if (v === undefined || v === null || !isString(v.refreshToken) || typeof v.signedInAt !== 'number') return undefined;
  const u = v.user as Partial<WebUser> | undefined;
  if (u === undefined || u === null || !isString(u.name) || !isString(u.tenantId) || !isString(u.objectId)) return undefined;
  if (v.signedInAt + SESSION_ABSOLUTE_SECONDS <= nowSeconds) return undefined;
  return { refreshToken: v.refreshToken, signedInAt: v.signedInAt, user: { name: u.name, username: isString(u.username) ? u.username : undefined, tenantId: u.tenantId, objectId: u.objectId } };
}

/** Reads and writes the two sealed cookies (see `cookies.ts` for their attributes). */
export function sessionCookies(cookies: WebCookies, secret: string): SessionCookies {
  const signIn: Sealer = createSealer(secret, cookies.signIn.name);
  const session: Sealer = createSealer(secret, cookies.session.name);
  return {
    readSignIn: (req) => asTransaction(signIn.open(readCookie(req, cookies.signIn.name))),
    writeSignIn: (res, tx) => setCookie(res, cookies, cookies.signIn, signIn.seal(tx, cookies.signIn.maxAgeSeconds)),
    clearSignIn: (res) => clearCookie(res, cookies, cookies.signIn),
    readSession: (req) => asSession(session.open(readCookie(req, cookies.session.name)), Math.floor(Date.now() / 1000)),
    writeSession(res, state) {
      const remaining = state.signedInAt + SESSION_ABSOLUTE_SECONDS - Math.floor(Date.now() / 1000);
      const maxAge = Math.max(0, Math.min(cookies.session.maxAgeSeconds, remaining));
      const value = session.seal(state, maxAge);
      if (value.length > MAX_COOKIE_VALUE) throw new Error('the refresh token is too large for a cookie');
      setCookie(res, cookies, cookies.session, value, maxAge);
    },
    clearSession: (res) => clearCookie(res, cookies, cookies.session),
  };
}
