import type { FastifyRequest, RouteOptions } from 'fastify';

/**
 * Marks a route the plugin itself serves without looking at credentials (the RFC 9728 document:
 * clients fetch it precisely because they have no usable token yet). A symbol, so no route
 * config written by hand or read from JSON can switch authentication off.
 *
 * @example
 * ```ts
 * app.get(path, { config: { [SKIP_AUTHENTICATION]: true } } as RouteShorthandOptions, handler);
 * ```
 */
export const SKIP_AUTHENTICATION: unique symbol = Symbol('entra-guard.skip-authentication');

/**
 * How a route treats credentials: `required` (a valid token or a refusal), `optional` (no token
 * is anonymous, a bad one is refused), `skip` (credentials are not looked at).
 *
 * @example
 * ```ts
 * const mode: RouteMode = routeMode(request, false);
 * ```
 */
export type RouteMode = 'required' | 'optional' | 'skip';

interface RouteConfigLike {
  readonly [SKIP_AUTHENTICATION]?: unknown;
  readonly entraGuard?: { readonly optional?: unknown };
}

/**
 * The mode of the route a request matched: its `config.entraGuard.optional`, else the plugin's
 * default. Requests that match no route are not authenticated: the 404 (Fastify's, or your
 * `setNotFoundHandler`) serves nothing, so validating a token for it would only cost a signature
 * check per probe; this also gives every adapter the same answer (the conformance contract's
 * "unknown routes answer 404").
 *
 * @example
 * ```ts
 * if (routeMode(request, settings.optional) === 'skip') return;
 * ```
 */
export function routeMode(request: FastifyRequest, pluginOptional: boolean): RouteMode {
  if (request.is404) return 'skip';
  const config = request.routeOptions.config as RouteConfigLike | undefined;
  if (config?.[SKIP_AUTHENTICATION] === true) return 'skip';
  const optional = config?.entraGuard?.optional;
  return (typeof optional === 'boolean' ? optional : pluginOptional) ? 'optional' : 'required';
}

const ROUTE_KEYS = new Set(['optional']);

/**
 * `onRoute` check of `config.entraGuard`, at start-up: a typo (`{ optinal: true }`,
 * `{ optional: 'yes' }`) would otherwise be silently ignored and leave the route other than meant.
 *
 * @example
 * ```ts
 * app.addHook('onRoute', checkRouteConfig);
 * ```
 * @throws TypeError naming the route.
 */
export function checkRouteConfig(route: RouteOptions): void {
  const value = (route.config as RouteConfigLike | undefined)?.entraGuard;
  if (value === undefined) return;
  const where = `route ${String(route.method)} ${route.url}`;
  if (typeof value !== 'object' || value === null) throw new TypeError(`${where}: "config.entraGuard" must be an object`);
  for (const key of Object.keys(value)) {
    if (!ROUTE_KEYS.has(key)) throw new TypeError(`${where}: unknown option "config.entraGuard.${key}"`);
  }
  if (value.optional !== undefined && typeof value.optional !== 'boolean') {
    throw new TypeError(`${where}: "config.entraGuard.optional" must be a boolean`);
  }
}
