import type { EntraGuard, Policy } from '@entra-guard/core';
import type { FastifyReply, preHandlerAsyncHookHandler } from 'fastify';

/**
 * `app.entraGuard`: the guard and the helpers routes use.
 *
 * @example
 * ```ts
 * app.get('/orders', { preHandler: app.entraGuard.require(requireScopes('Orders.Read')) }, async (request) => {
 *   return listOrders(request.auth!.tenantId);
 * });
 * ```
 */
export interface EntraGuardDecorator {
  /** The guard validating every token (the one passed as `guard`, or the one the plugin created). */
  readonly guard: EntraGuard;
  /**
   * A hook that lets the request through only when `request.auth` satisfies `policy`; otherwise
   * it answers 403 (or 401 for an anonymous request on an optional route, or a step-up challenge).
   * The policy sees `{ params: request.params, request }`. Use it as `preHandler` (or `onRequest`).
   * @throws TypeError when `policy` is not a policy built by the core builders.
   */
  require(policy: Policy): preHandlerAsyncHookHandler;
  /**
   * Writes an error as entra-guard does (status, `WWW-Authenticate`, problem JSON); anything that
   * is not an EntraGuardError becomes a generic 500. For error handlers of your own.
   */
  sendError(reply: FastifyReply, error: unknown): FastifyReply;
}

/**
 * Per-route settings, under `config.entraGuard`.
 *
 * @example
 * ```ts
 * app.get('/public', { config: { entraGuard: { optional: true } } }, async (request) => ({ kind: request.auth?.kind ?? null }));
 * ```
 */
export interface EntraGuardRouteConfig {
  /**
   * `true`: a request without a token reaches the handler with `request.auth === null`; a token
   * that is present is still validated and a bad one refused. `false`: a token is required.
   * Default: the plugin's `optional` option (itself default `false`).
   */
  readonly optional?: boolean;
}
