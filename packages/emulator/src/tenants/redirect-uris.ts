import type { ApplicationConfig } from './config-types.js';

/** The platform a redirect URI is registered under; it decides client type and CORS. */
export type RedirectPlatform = 'web' | 'spa' | 'publicClient';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

/**
 * Whether `requested` matches `registered`. Exact string match, except that for loopback
 * addresses over http the port is ignored, as Entra does, so a local app may listen on any port.
 */
export function redirectMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  const a = parse(registered);
  const b = parse(requested);
  if (a === undefined || b === undefined) return false;
  if (a.protocol !== 'http:' || b.protocol !== 'http:' || !LOOPBACK.has(a.hostname) || a.hostname !== b.hostname) return false;
  return a.pathname === b.pathname && a.search === b.search && a.username === '' && b.username === '';
}

/** The platform under which `uri` is registered for `app`, or undefined if it is not registered. */
export function redirectPlatform(app: ApplicationConfig, uri: string): RedirectPlatform | undefined {
  const r = app.redirectUris ?? {};
  for (const platform of ['spa', 'web', 'publicClient'] as const) {
    if ((r[platform] ?? []).some((registered) => redirectMatches(registered, uri))) return platform;
  }
  return undefined;
}

/** Every registered redirect URI of an app. */
export function allRedirectUris(app: ApplicationConfig): readonly string[] {
  const r = app.redirectUris ?? {};
  return [...(r.web ?? []), ...(r.spa ?? []), ...(r.publicClient ?? [])];
}
