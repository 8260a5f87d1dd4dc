// Rate limits, RATE_LIMIT_PER_MINUTE each (0 turns them off):
// - per address, before authentication, counting only requests that end in 401 — so a client
//   spraying bad or missing tokens is cut off without throttling everyone behind one NAT;
// - per caller, after authentication, keyed by tenant and object id (the client id for old app
//   tokens without one), counting every request.
// Counters live in memory, or in Redis when REDIS_URL is set so that every instance shares them.
import { requireAuth } from '@entra-guard/express';
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { Logger } from 'pino';
import { sendProblem } from './problem.js';

const WINDOW_MS = 60_000;

export interface RateLimitOptions {
  readonly perMinute: number;
  /** Shared counters; undefined keeps them in this process. */
  readonly redis?: Redis | undefined;
  /** Prefix of the Redis keys (lets several deployments share one Redis). */
  readonly redisPrefix?: string;
  readonly logger: Logger;
}

export interface RateLimiters {
  /** Before authentication: per address, failed authentications only. */
  readonly perAddress: RequestHandler;
  /** After authentication: per tenant and caller. */
  readonly perCaller: RequestHandler;
}

const pass: RequestHandler = (_req, _res, next) => next();

function store(options: RateLimitOptions, name: string): Store | undefined {
  const redis = options.redis;
  if (redis === undefined) return undefined;
  return new RedisStore({
    prefix: `${options.redisPrefix ?? 'orders-api:rl:'}${name}:`,
    sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
  });
}

export function createRateLimiters(options: RateLimitOptions): RateLimiters {
  if (options.perMinute === 0) return { perAddress: pass, perCaller: pass };
  const common = {
    windowMs: WINDOW_MS,
    limit: options.perMinute,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    // Counting is a safeguard, not a dependency: a Redis outage lets requests through (and is logged).
    passOnStoreError: true,
    handler: ((_req, res) => sendProblem(res, 'ORDERS_RATE_LIMITED')) as RequestHandler,
    logger: {
      error: (...args: unknown[]) => options.logger.error({ component: 'rate-limit', detail: args.map(String).join(' ') }, 'rate limiter error'),
      warn: (...args: unknown[]) => options.logger.warn({ component: 'rate-limit', detail: args.map(String).join(' ') }, 'rate limiter warning'),
    },
  };
  const addressStore = store(options, 'address');
  const callerStore = store(options, 'caller');
  const perAddress = rateLimit({
    ...common,
    identifier: 'per-address',
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown'),
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    ...(addressStore === undefined ? {} : { store: addressStore }),
  });
  const perCaller = rateLimit({
    ...common,
    identifier: 'per-caller',
    keyGenerator: (req) => {
      const p = requireAuth(req);
      return `${p.tenantId}:${p.objectId ?? `client:${p.clientId}`}`;
    },
    ...(callerStore === undefined ? {} : { store: callerStore }),
  });
  return { perAddress, perCaller };
}
