import type { EntraGuard } from '@entra-guard/core';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, RouteOptions, RouteShorthandOptions } from 'fastify';
import fp from 'fastify-plugin';
import './augment.js';
import { authenticationHook, bodyCarrierHook } from './authenticate.js';
import { wrapRouteErrorHandler } from './error-handler.js';
import { guardFrom, resolveSettings, type EntraGuardPluginOptions, type PluginSettings } from './options.js';
import { policyHook } from './require-policy.js';
import { checkRouteConfig, SKIP_AUTHENTICATION } from './route-mode.js';
import { sendEntraGuardError } from './send-error.js';
import type { EntraGuardDecorator } from './types.js';

function decorator(guard: EntraGuard, settings: PluginSettings): EntraGuardDecorator {
  return Object.freeze({
    guard,
    require: (policy: Parameters<EntraGuardDecorator['require']>[0]) => policyHook(guard, policy, settings.response),
    sendError: (reply: FastifyReply, error: unknown) => sendEntraGuardError(reply, error, settings.response),
  });
}

// Every route declared after registration (in this scope and below) passes through here.
function onRoute(settings: PluginSettings): (route: RouteOptions) => void {
  return function entraGuardOnRoute(route) {
    checkRouteConfig(route);
    if (settings.errorHandler) wrapRouteErrorHandler(route, settings.response);
  };
}

function serveMetadata(app: FastifyInstance, metadata: NonNullable<PluginSettings['metadata']>): void {
  const options = { config: { [SKIP_AUTHENTICATION]: true } } as RouteShorthandOptions;
  // Serialised once; a Buffer keeps the content type exactly `application/json` (no charset
  // appended), the bytes the Express adapter sends.
  const bytes = Buffer.from(JSON.stringify(metadata.document), 'utf8');
  app.get(metadata.path, options, async (_request, reply) => reply.type('application/json').send(bytes));
}

function install(app: FastifyInstance, guard: EntraGuard, settings: PluginSettings): void {
  // Declared up front with a primitive default, so every request object has the same shape.
  app.decorateRequest('auth', null);
  app.decorate('entraGuard', decorator(guard, settings));
  app.addHook('onRoute', onRoute(settings));
  app.addHook('onRequest', authenticationHook(guard, settings));
  app.addHook('preValidation', bodyCarrierHook(settings));
  if (settings.metadata !== undefined) serveMetadata(app, settings.metadata);
}

async function register(app: FastifyInstance, options: EntraGuardPluginOptions): Promise<void> {
  // Adapter options first: a bad one must not leave a created guard (and its timer) behind.
  const settings = resolveSettings(options);
  const { guard, owned } = guardFrom(options);
  try {
    install(app, guard, settings);
  } catch (err) {
    if (owned) guard.close();
    throw err;
  }
  // A guard the caller passed in is the caller's to close; one made here dies with the app.
  if (owned) app.addHook('onClose', async () => guard.close());
}

/**
 * The Fastify plugin: authenticates every request in an `onRequest` hook (routes opt out with
 * `config: { entraGuard: { optional: true } }`), sets `request.auth`, and decorates the instance
 * with `app.entraGuard` (`guard`, `require(policy)`, `sendError`). Refusals are core's
 * `toHttpResponse` output, byte for byte. Wrapped with fastify-plugin, so the hooks and
 * decorators apply to the scope it is registered in and every scope inside it.
 *
 * Register it after plugins that must answer before authentication (e.g. `@fastify/cors`, whose
 * preflight requests carry no token).
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { entraGuardPlugin, requireScopes } from '@entra-guard/fastify';
 *
 * const app = Fastify();
 * await app.register(entraGuardPlugin, { clientId: API_CLIENT_ID, tenancy: { mode: 'single', tenantId: TENANT_ID } });
 * app.get('/orders', { preHandler: app.entraGuard.require(requireScopes('Orders.Read')) }, async (request) => {
 *   return { tenant: request.auth!.tenantId };
 * });
 * app.get('/public', { config: { entraGuard: { optional: true } } }, async (request) => ({ signedIn: request.auth !== null }));
 * ```
 * @throws TypeError at registration, naming the bad option.
 */
export const entraGuardPlugin: FastifyPluginAsync<EntraGuardPluginOptions> = fp(register, {
  fastify: '5.x',
  name: '@entra-guard/fastify',
});
