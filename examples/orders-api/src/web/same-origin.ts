import type { Request } from 'express';

/** The header the page sends on every POST to /auth/*. */
export const CSRF_HEADER = 'x-requested-with';

/**
 * Cross-site request forgery defence for the state-changing routes (POST /auth/token and
 * /auth/logout), three layers deep besides the `SameSite=Strict` session cookie:
 *
 * 1. a custom header (`X-Requested-With`) is required: a cross-origin page can only send it
 *    after a CORS preflight, which this server never approves, and an HTML form cannot send it;
 * 2. `Sec-Fetch-Site`, when the browser sends it, must be `same-origin`;
 * 3. `Origin`, when present, must be the public origin.
 *
 * Returns why the request is refused, or undefined when it may proceed.
 */
export function crossSiteReason(req: Request, publicOrigin: string): string | undefined {
  const custom = req.get(CSRF_HEADER);
  if (custom === undefined || custom === '') return `missing ${CSRF_HEADER} header`;
  const site = req.get('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return `sec-fetch-site is ${site}`;
  const origin = req.get('origin');
  if (origin !== undefined && origin !== publicOrigin) return 'origin is not this site';
  return undefined;
}
