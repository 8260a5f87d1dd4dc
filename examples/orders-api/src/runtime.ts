// Wires configuration into a running API: database, revocation store, guard, Redis, rate
// limits, audit, the app, the HTTP server; and takes it all down again, gracefully.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEntraGuard, type EntraGuard, type EntraGuardOptions } from '@entra-guard/core';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DEFAULT_AUTHORITY_HOST, type ApiConfig, type WebClientSettings } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { OrdersRepository } from './db/orders-repository.js';
import { createApp } from './http/app.js';
import { createAudit } from './http/audit.js';
import { createLogger } from './http/logging.js';
import { createRateLimiters } from './http/rate-limit.js';
import { createRevocationStore, type RevocationBackend } from './revocation.js';
import type { MountWebClient, WebClientOptions } from './web/contract.js';

import { StartupError } from './startup-error.js';

export { StartupError };

export interface StartOptions {
  /** Default: a logger at `config.logLevel` on stdout. */
  readonly logger?: Logger;
  /** The fetch for discovery and keys (the emulator's, trusting its CA). Default global fetch. */
  readonly fetch?: typeof fetch;
  /** Mounted when `config.webClient` is set. */
  readonly mountWebClient?: MountWebClient;
  /** The web client's `fetch` (trusting the authority). */
  readonly webClientFetch?: typeof fetch;
  /** If `config.port` is taken, listen on any free port instead of failing. */
  readonly portFallback?: boolean;
  /** Runs once the database is ready (demo data). */
  readonly seed?: (orders: OrdersRepository) => Promise<void>;
}

export interface RunningApi {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly guard: EntraGuard;
  readonly db: Database;
  readonly orders: OrdersRepository;
  readonly revocations: RevocationBackend;
  readonly logger: Logger;
  /** True when the web client was mounted. */
  readonly webClient: boolean;
  /** Graceful: stop accepting, let in-flight requests finish (up to the grace period), release everything. */
  close(): Promise<void>;
}

export function guardOptions(config: ApiConfig, revocation: RevocationBackend['store'], fetchImpl?: typeof fetch): EntraGuardOptions {
  const { entra } = config;
  return {
    clientId: entra.clientId,
    tenancy: entra.tenancy,
    revocation,
    ...(entra.audiences === undefined ? {} : { audiences: entra.audiences }),
    ...(entra.authorityHost === DEFAULT_AUTHORITY_HOST ? {} : { cloud: { authorityHost: entra.authorityHost } }),
    ...(entra.clockSkewSeconds === undefined ? {} : { clockSkewSeconds: entra.clockSkewSeconds }),
    ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }),
  };
}

/** What the web client is given: the authority of this configuration, its own credentials, the API's scopes. */
export function webClientOptions(config: ApiConfig, web: WebClientSettings, publicOrigin: string, fetchImpl: typeof fetch | undefined): WebClientOptions {
  return {
    authority: `${config.entra.authorityHost}/${config.entra.tenantSegment}/v2.0`,
    clientId: web.clientId,
    clientSecret: web.clientSecret,
    scopes: ['Orders.Read', 'Orders.Write'].map((scope) => `api://${config.entra.clientId}/${scope}`),
    publicOrigin,
    cookieSecret: web.cookieSecret,
    ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

async function listenWithFallback(server: Server, config: ApiConfig, fallback: boolean): Promise<void> {
  try {
    await listen(server, config.port, config.host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' && fallback && config.port !== 0) return listen(server, 0, config.host);
    if (code === 'EADDRINUSE') throw new StartupError(`port ${config.port} on ${config.host} is in use; set PORT to a free port (or 0 for any)`);
    if (code === 'EADDRNOTAVAIL') throw new StartupError(`HOST ${config.host} is not an address of this machine`);
    throw error;
  }
}

async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 5_000, maxRetriesPerRequest: 2 });
  redis.on('error', (error: Error) => logger.warn({ component: 'redis', err: { message: error.message } }, 'redis connection error'));
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    redis.disconnect();
    throw new StartupError('REDIS_URL: cannot connect to Redis (check the host, port, password and TLS)');
  }
  return redis;
}

async function openDb(config: ApiConfig, logger: Logger): Promise<Database> {
  try {
    return await openDatabase({
      databaseUrl: config.databaseUrl,
      onIdleError: (error) => logger.warn({ component: 'database', err: { message: error.message } }, 'idle database connection failed'),
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'DatabaseSetupError') throw new StartupError(`database: ${error.message}`, { cause: error });
    const what = config.databaseUrl === undefined ? 'embedded PostgreSQL (PGlite) failed to start' : 'DATABASE_URL: cannot connect to PostgreSQL or apply migrations';
    throw new StartupError(`${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Tracks responses in flight, so a shutdown can close their connections once they finish. */
function trackResponses(server: Server, isDraining: () => boolean): () => void {
  const inFlight = new Set<ServerResponse>();
  server.on('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    res.once('finish', () => {
      // Keep-alive connections would otherwise stay open (and keep server.close() waiting).
      if (isDraining()) res.socket?.end();
    });
  });
  return () => {
    for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
  };
}

/** Starts the API described by `config`. Throws StartupError with an operator-facing message. */
export async function startApi(config: ApiConfig, options: StartOptions = {}): Promise<RunningApi> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch(() => undefined);
  };
  try {
    const db = await openDb(config, logger);
    cleanups.push(() => db.close());
    const orders = new OrdersRepository(db);
    await options.seed?.(orders);

    const revocations = await createRevocationStore(config);
    cleanups.push(() => revocations.close());
    let guard: EntraGuard;
    try {
      guard = createEntraGuard(guardOptions(config, revocations.store, options.fetch));
    } catch (error) {
      throw new StartupError(`Entra settings: ${error instanceof Error ? error.message : String(error)}`);
    }
    cleanups.push(() => guard.close());
    // Warm the key cache; /readyz reports until it succeeds, requests get 503 meanwhile.
    guard.ready().catch(() => logger.warn({ component: 'keys', authorityHost: config.entra.authorityHost }, 'signing keys not loaded yet'));

    const redis = config.redisUrl === undefined ? undefined : await connectRedis(config.redisUrl, logger);
    if (redis !== undefined) cleanups.push(async () => void (await redis.quit().catch(() => redis.disconnect())));
    const rateLimiters = createRateLimiters({ perMinute: config.rateLimitPerMinute, redis, redisPrefix: `${config.redisKeyPrefix}rl:`, logger });

    const audit = createAudit(logger, config.entra.authorityHost);
    cleanups.push(() => audit.close());

    let draining = false;
    const isDraining = (): boolean => draining;
    const server = createServer();
    const markDraining = trackResponses(server, isDraining);
    await listenWithFallback(server, config, options.portFallback === true);
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host === '127.0.0.1' || config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`;

    const settings = config.webClient;
    const mountWeb = options.mountWebClient;
    const mount =
      settings === undefined || mountWeb === undefined
        ? undefined
        : (expressApp: Parameters<MountWebClient>[0]) => mountWeb(expressApp, webClientOptions(config, settings, settings.publicOrigin ?? url, options.webClientFetch));
    const app = createApp({
      guard,
      db,
      revocations: revocations.store,
      logger,
      audit,
      rateLimiters,
      trustProxy: config.trustProxy,
      isDraining,
      ...(redis === undefined ? {} : { readinessChecks: { redis: () => redis.ping() } }),
      mount,
    });
    server.on('request', app);
    logger.debug({ database: db.engine, tenantRole: db.tenantRole ?? null, revocations: revocations.description, redis: redis !== undefined }, 'orders API started');

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        draining = true;
        markDraining();
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
          force.unref();
          server.close(() => {
            clearTimeout(force);
            resolve();
          });
          server.closeIdleConnections();
        });
        await cleanup();
      })();
      return closing;
    };
    return { url, port, server, guard, db, orders, revocations, logger, webClient: mount !== undefined, close };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
