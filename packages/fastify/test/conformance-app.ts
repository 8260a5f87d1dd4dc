// The Fastify side of the adapter conformance contract (packages/test-support/src/conformance/contract.ts):
// exactly the contract's routes, nothing else, so the suite can compare it with the Express app.
import type { Principal } from '@entra-guard/core';
import { CONFORMANCE_GROUP, type ConformanceAppFactory } from '@entra-guard/test-support';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  entraGuardPlugin,
  requireAppPermissions,
  requireAuthContext,
  requireGroups,
  requireScopes,
  requireScopesOrAppPermissions,
  requireTenant,
  requireUserRoles,
  type EntraGuardPluginOptions,
} from '../src/index.js';

/** `P` of the contract. */
function identity(auth: Principal | null): { ok: true; kind: string; tenantId: string; objectId: string | undefined } {
  // Routes other than /public only run after authentication: null here would be a plugin bug.
  if (auth === null) throw new Error('conformance app: handler reached without a principal');
  return { ok: true, kind: auth.kind, tenantId: auth.tenantId, objectId: auth.objectId };
}

/**
 * The app's own error handler, for errors that are not entra-guard's (the plugin writes those):
 * Fastify's default would answer a malformed JSON body with its `FST_ERR_…` code and message.
 * Fixed text only, the same the Express conformance app sends.
 */
function appErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode;
  const clientError = typeof status === 'number' && status >= 400 && status < 500;
  const body = clientError
    ? { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The request could not be read.' }
    : { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'The request could not be processed.' };
  void reply.code(body.status).type('application/problem+json').send(JSON.stringify(body));
}

export const fastifyConformanceApp: ConformanceAppFactory = async (options) => {
  const app = Fastify({ logger: false });
  const pluginOptions: EntraGuardPluginOptions = {
    ...options.guard,
    ...(options.allowTokensWithoutPermissions === undefined ? {} : { allowTokensWithoutPermissions: options.allowTokensWithoutPermissions }),
    ...(options.protectedResource === undefined ? {} : { protectedResource: options.protectedResource }),
  };
  // Fastify parses only JSON itself; a form parser (what @fastify/formbody adds) makes a form
  // `access_token` next to the header visible to the plugin, as express.urlencoded() does there.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.setErrorHandler(appErrorHandler);
  await app.register(entraGuardPlugin, pluginOptions);
  const guard = app.entraGuard;

  app.get('/public', { config: { entraGuard: { optional: true } } }, async (request) => ({ ok: true, kind: request.auth?.kind ?? null }));
  app.get('/me', async (request) => identity(request.auth));
  app.get('/orders', { preHandler: guard.require(requireScopesOrAppPermissions('Orders.Read', 'Orders.Read.All')) }, async (request) =>
    identity(request.auth),
  );
  app.post('/orders', { preHandler: guard.require(requireScopesOrAppPermissions('Orders.Write', 'Orders.ReadWrite.All')) }, async (request) => ({
    ...identity(request.auth),
    received: request.body,
  }));
  app.get('/user', { preHandler: guard.require(requireScopes('Orders.Read')) }, async (request) => identity(request.auth));
  app.get('/app', { preHandler: guard.require(requireAppPermissions('Orders.Read.All')) }, async (request) => identity(request.auth));
  app.get('/admin', { preHandler: guard.require(requireUserRoles('Orders.Admin')) }, async (request) => identity(request.auth));
  app.get('/tenants/:tenantId/orders', { preHandler: guard.require(requireTenant('tenantId')) }, async (request) => identity(request.auth));
  app.get('/export', { preHandler: guard.require(requireAuthContext('c1')) }, async (request) => identity(request.auth));
  app.get('/groups', { preHandler: guard.require(requireGroups(CONFORMANCE_GROUP)) }, async (request) => identity(request.auth));
  // GET /.well-known/oauth-protected-resource is served by the plugin when protectedResource is set.

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('conformance app: no TCP address');
  return { url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
};
