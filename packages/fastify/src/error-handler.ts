import { isEntraGuardError, type HttpResponseOptions } from '@entra-guard/core';
import type { RouteOptions } from 'fastify';
import { sendEntraGuardError } from './send-error.js';

type RouteErrorHandler = NonNullable<RouteOptions['errorHandler']>;

// Handlers made here, so a route copied by Fastify (the automatic HEAD route) is not wrapped twice.
const OURS = new WeakSet<RouteErrorHandler>();

/**
 * Gives a route an error handler that writes EntraGuardErrors thrown by its handler or hooks
 * (for example `app.entraGuard.guard.authorize(...)` inside a handler) exactly as the plugin's
 * hooks do. Everything else goes to the route's own error handler if it had one, else (by
 * rethrowing) to the scope's handler: yours, or Fastify's default.
 *
 * Why per route (from `onRoute`) and not `setErrorHandler`: a plugin that sets the scope's
 * handler collides with the app's own (`FSTWRN004`, or an error with
 * `allowErrorHandlerOverride: false`), in whichever order the two are set.
 *
 * @example
 * ```ts
 * app.addHook('onRoute', (route) => wrapRouteErrorHandler(route, settings.response));
 * ```
 */
export function wrapRouteErrorHandler(route: RouteOptions, response: HttpResponseOptions): void {
  const own = route.errorHandler;
  if (own !== undefined && OURS.has(own)) return;
  const handler: RouteErrorHandler = function entraGuardErrorHandler(this: ThisParameterType<RouteErrorHandler>, error, request, reply) {
    if (isEntraGuardError(error)) {
      sendEntraGuardError(reply, error, response);
      return;
    }
    if (own !== undefined) {
      own.call(this, error, request, reply);
      return;
    }
    throw error;
  };
  OURS.add(handler);
  route.errorHandler = handler;
}
