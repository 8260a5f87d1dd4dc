// The Express app: security headers, request logs, probes, the web client (when configured) and
// the API. No listen(): the runtime (and tests) own the server.
import type { EntraGuard, WritableRevocationStore } from '@entra-guard/core';
import { entraAuth, entraErrorHandler } from '@entra-guard/express';
import express, { Router, type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { OrdersRepository } from '../db/orders-repository.js';
import type { Audit } from './audit.js';
import { errorHandler } from './errors.js';
import { healthRouter } from './health.js';
import { requestLogger } from './logging.js';
import { sendProblem } from './problem.js';
import { createRateLimiters, type RateLimiters } from './rate-limit.js';
import { adminRouter } from './routes/admin.js';
import { meRouter } from './routes/me.js';
import { ordersRouter } from './routes/orders.js';
import { tenantsRouter } from './routes/tenants.js';

export interface AppDeps {
  readonly guard: EntraGuard;
  readonly db: Database;
  readonly revocations: WritableRevocationStore;
  readonly logger: Logger;
  /** Audit lines from entra-guard's diagnostics channels; omit to log none. */
  readonly audit?: Audit | undefined;
  /** Default: in-memory limiters with `rateLimitPerMinute`. */
  readonly rateLimiters?: RateLimiters | undefined;
  /** Used when `rateLimiters` is omitted. Default 0 (off). */
  readonly rateLimitPerMinute?: number;
  /** Express `trust proxy`. Default false: `req.ip` is the socket's address. */
  readonly trustProxy?: boolean | number | readonly string[];
  /** Extra readiness checks (e.g. Redis). */
  readonly readinessChecks?: Readonly<Record<string, () => Promise<unknown>>>;
  /** True once shutdown began: /readyz answers 503 and connections close after their response. */
  readonly isDraining?: () => boolean;
  /** Mounts more routes (the web client) before the final 404 and error handlers. */
  readonly mount?: ((app: Express) => void) | undefined;
}

/** The `realm` of the API's WWW-Authenticate challenges. */
export const REALM = 'orders-api';

function apiRouter(deps: AppDeps, limiters: RateLimiters): Router {
  const orders = new OrdersRepository(deps.db);
  const api = Router();
  api.use(limiters.perAddress);
  api.use((_req, res, next) => {
    // Per-user data: never cached by a browser or a shared proxy.
    res.setHeader('cache-control', 'no-store');
    next();
  });
  // Parse bodies before entraAuth(), so an access_token in the body next to the header is refused.
  api.use(express.json({ limit: '16kb', strict: true, type: 'application/json' }));
  if (deps.audit !== undefined) api.use(deps.audit.scope);
  api.use(
    entraAuth(deps.guard, {
      realm: REALM,
      onInternalError: (error, req) => req.log.error({ err: error }, 'authentication failed unexpectedly'),
    }),
  );
  if (deps.audit !== undefined) api.use(deps.audit.identify);
  api.use(limiters.perCaller);
  api.use(meRouter());
  api.use(ordersRouter({ orders, audit: deps.audit }));
  api.use(tenantsRouter(orders));
  api.use(adminRouter(deps.revocations, deps.audit));
  api.use((_req, res) => sendProblem(res, 'ORDERS_ROUTE_NOT_FOUND'));
  return api;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  const isDraining = deps.isDraining ?? (() => false);
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(helmet());
  app.use(requestLogger(deps.logger));
  app.use((_req, res, next) => {
    if (isDraining()) res.setHeader('connection', 'close');
    next();
  });
  app.use(healthRouter({ guard: deps.guard, db: deps.db, isDraining, ...(deps.readinessChecks === undefined ? {} : { checks: deps.readinessChecks }) }));
  const limiters = deps.rateLimiters ?? createRateLimiters({ perMinute: deps.rateLimitPerMinute ?? 0, logger: deps.logger });
  app.use('/api', apiRouter(deps, limiters));
  deps.mount?.(app);
  app.use((_req, res) => sendProblem(res, 'ORDERS_ROUTE_NOT_FOUND'));
  app.use(entraErrorHandler({ realm: REALM }));
  app.use(errorHandler());
  return app;
}
