// The Express implementation of the adapter conformance contract
// (packages/test-support/src/conformance/contract.ts), parameterised by the Express module so the
// same app runs on Express 5 and Express 4.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Principal } from '@entra-guard/core';
import { CONFORMANCE_GROUP, type ConformanceAppFactory, type ConformanceAppOptions, type RunningApp } from '@entra-guard/test-support';
import type { default as Express, NextFunction, Request, Response } from 'express';
import {
  entraAuth,
  entraErrorHandler,
  protectedResourceHandler,
  requireAppPermissions,
  requireAuth,
  requireAuthContext,
  requireGroups,
  requireScopes,
  requireScopesOrAppPermissions,
  requireTenant,
  requireUserRoles,
  type EntraAuthOptions,
} from '../src/index.js';

/** `P` of the contract: who the caller is, never any claim beyond that. */
function principalBody(p: Principal): { ok: true; kind: Principal['kind']; tenantId: string; objectId: string | undefined } {
  return { ok: true, kind: p.kind, tenantId: p.tenantId, objectId: p.objectId };
}

const sendPrincipal = (req: Request, res: Response): void => {
  res.json(principalBody(requireAuth(req)));
};

function adapterOptions(options: ConformanceAppOptions, optional: boolean): EntraAuthOptions {
  return {
    optional,
    ...(options.allowTokensWithoutPermissions === undefined ? {} : { allowTokensWithoutPermissions: options.allowTokensWithoutPermissions }),
    ...(options.protectedResource === undefined ? {} : { protectedResource: options.protectedResource }),
  };
}

/**
 * The app's own last error handler. Express's default one would answer a malformed JSON body with
 * the parser's message (and, outside production, a stack trace); this one sends fixed text only.
 */
function appErrorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(error);
    return;
  }
  const status = (error as { status?: unknown }).status;
  const clientError = typeof status === 'number' && status >= 400 && status < 500;
  const body = clientError
    ? { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The request could not be read.' }
    : { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'The request could not be processed.' };
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

function listen(app: { listen(port: number, host: string, cb: () => void): Server }): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
    server.once('error', reject);
  });
}

/**
 * A {@link ConformanceAppFactory} for the given Express module (`typeof Express` is
 * `typeof import('express')`: the package's `export =` value).
 *
 * @example
 * ```ts
 * import express from 'express';
 * describeAdapterConformance('express 5', expressConformanceApp(express));
 * ```
 */
export function expressConformanceApp(express: typeof Express): ConformanceAppFactory {
  return async (options: ConformanceAppOptions): Promise<RunningApp> => {
    const app = express();
    // Bodies are parsed before authentication, so a token in a JSON or form body next to the
    // header is refused (entraAuth only sees bodies that are already parsed).
    app.use(express.json(), express.urlencoded({ extended: false }));

    const auth = entraAuth(options.guard, adapterOptions(options, false));
    const optionalAuth = entraAuth(auth.guard, adapterOptions(options, true));

    if (options.protectedResource !== undefined) app.use(protectedResourceHandler(options.protectedResource));

    app.get('/public', optionalAuth, (req, res) => {
      res.json({ ok: true, kind: req.auth?.kind ?? null });
    });
    app.get('/me', auth, sendPrincipal);
    app.get('/orders', auth, requireScopesOrAppPermissions('Orders.Read', 'Orders.Read.All'), sendPrincipal);
    app.post('/orders', auth, requireScopesOrAppPermissions('Orders.Write', 'Orders.ReadWrite.All'), (req, res) => {
      res.json({ ...principalBody(requireAuth(req)), received: req.body as unknown });
    });
    app.get('/user', auth, requireScopes('Orders.Read'), sendPrincipal);
    app.get('/app', auth, requireAppPermissions('Orders.Read.All'), sendPrincipal);
    app.get('/admin', auth, requireUserRoles('Orders.Admin'), sendPrincipal);
    app.get('/tenants/:tenantId/orders', auth, requireTenant('tenantId'), sendPrincipal);
    app.get('/export', auth, requireAuthContext('c1'), sendPrincipal);
    app.get('/groups', auth, requireGroups(CONFORMANCE_GROUP), sendPrincipal);
    app.use(entraErrorHandler(), appErrorHandler);

    const server = await listen(app);
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () =>
        new Promise<void>((resolve, reject) => {
          auth.guard.close();
          server.close((err) => (err ? reject(err) : resolve()));
          server.closeAllConnections();
        }),
    };
  };
}
