import type { WebClientOptions } from './contract.js';

/** The web client's options after checks, with everything derived from them. */
export interface ResolvedWebOptions {
  /** The authority's v2 issuer form, e.g. `https://127.0.0.1:8443/<tenant>/v2.0` (no trailing slash). */
  readonly issuerUrl: string;
  readonly discoveryUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** What /auth/login asks for: the OIDC scopes (`openid profile offline_access`) and the API scopes. */
  readonly scope: string;
  /** `https://host:port` or `http://127.0.0.1:port`, no path. */
  readonly origin: string;
  readonly redirectUri: string;
  /** Whether cookies carry `Secure` (see `cookies.ts`). */
  readonly secureCookies: boolean;
  readonly fetch: typeof fetch;
  readonly cookieSecret: string;
}

const OIDC_SCOPES = ['openid', 'profile', 'offline_access'];
const MIN_SECRET_LENGTH = 32;

function fail(message: string): never {
  throw new TypeError(`mountWebClient: ${message}`);
}

function parseUrl(value: string, what: string): URL {
  try {
    return new URL(value);
  } catch {
    return fail(`${what} is not a URL: ${JSON.stringify(value)}`);
  }
}

/** `https://h/tenant`, `https://h/tenant/`, `https://h/tenant/v2.0` → `https://h/tenant/v2.0`. */
function issuerForm(authority: string): string {
  const url = parseUrl(authority, 'authority');
  if (url.protocol !== 'https:') fail('authority must use https');
  if (url.search !== '' || url.hash !== '') fail('authority must not have a query or fragment');
  const path = url.pathname.replace(/\/+$/, '');
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.length === 0) fail('authority needs a tenant segment, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0');
  const withVersion = segments.at(-1) === 'v2.0' ? path : `${path}/v2.0`;
  return `${url.origin}${withVersion}`;
}

/**
 * Cookies get `Secure` when the browser would honour it: on https, and on `http://localhost`,
 * which browsers treat as a secure context. Chromium drops a `Secure` cookie set by
 * `http://127.0.0.1`, so there the attribute is left off (a loopback-only development setup);
 * every other http origin is refused outright.
 */
function cookiesAreSecure(origin: URL): boolean {
  if (origin.protocol === 'https:') return true;
  if (origin.hostname === 'localhost') return true;
  const loopback = origin.hostname === '127.0.0.1' || origin.hostname === '[::1]';
  if (!loopback) fail('publicOrigin must be https (plain http is accepted on loopback only)');
  return false;
}

/** Checks the options (TypeError naming the problem) and derives URLs and cookie settings. */
export function resolveWebOptions(options: WebClientOptions): ResolvedWebOptions {
  if (typeof options.clientId !== 'string' || options.clientId === '') fail('clientId is required');
  if (typeof options.clientSecret !== 'string' || options.clientSecret === '') fail('clientSecret is required (the web client is a confidential client)');
  if (typeof options.cookieSecret !== 'string' || options.cookieSecret.length < MIN_SECRET_LENGTH) fail(`cookieSecret must have at least ${MIN_SECRET_LENGTH} characters`);
  if (!Array.isArray(options.scopes) || options.scopes.some((s) => typeof s !== 'string' || s === '' || /\s/.test(s))) fail('scopes must be a list of scope strings');
  const origin = parseUrl(options.publicOrigin, 'publicOrigin');
  if (origin.pathname !== '/' || origin.search !== '' || origin.hash !== '') fail('publicOrigin must be an origin without a path, e.g. http://127.0.0.1:3000');
  const issuerUrl = issuerForm(options.authority);
  const scopes = [...new Set([...OIDC_SCOPES, ...options.scopes])];
  return {
    issuerUrl,
    discoveryUrl: `${issuerUrl}/.well-known/openid-configuration`,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    scope: scopes.join(' '),
    origin: origin.origin,
    redirectUri: `${origin.origin}/auth/callback`,
    secureCookies: cookiesAreSecure(origin),
    fetch: options.fetch ?? globalThis.fetch,
    cookieSecret: options.cookieSecret,
  };
}
