import {
  authenticateForAdapter,
  createEntraGuard,
  InvalidRequestError,
  isEntraGuardError,
  isPromiseLike,
  noPermissionsError,
  publishRefusal,
  type EntraGuard,
  type EntraGuardError,
  type EntraGuardOptions,
  type Principal,
} from '@entra-guard/core';
import type { NextFunction, Request, Response } from 'express';
import { authorizationValues, hasSecondCarrier } from './credentials.js';
import { asMiddleware, type ExpressMiddleware } from './middleware-type.js';
import { resolveAdapterOptions, type EntraAuthOptions, type ResolvedAdapterOptions } from './options.js';
import { isMetadataRequest, sendMetadata } from './protected-resource.js';
import { setRequestState, type RequestState } from './request-state.js';
import { reportUnexpected, sendError } from './send-error.js';

// Refusals the adapter makes itself are published like the guard's own (entra-guard:rejected).
function own<E extends EntraGuardError>(error: E): E {
  publishRefusal(error);
  return error;
}

/**
 * The middleware {@link entraAuth} returns: an Express handler carrying the guard it uses.
 *
 * @example
 * ```ts
 * const auth = entraAuth({ clientId: CLIENT_ID, tenancy: { mode: 'single', tenantId: TENANT_ID } });
 * app.use(auth);
 * await auth.guard.ready(); // optional: load the signing keys before the first request
 * process.on('SIGTERM', () => auth.guard.close());
 * ```
 */
export interface EntraAuthMiddleware extends ExpressMiddleware {
  /** The guard that validates tokens: created from the options, or the one passed in. */
  readonly guard: EntraGuard;
}

function isGuard(value: EntraGuardOptions | EntraGuard): value is EntraGuard {
  return typeof (value as Partial<EntraGuard>).authenticate === 'function' && typeof (value as Partial<EntraGuard>).authorize === 'function';
}

function isMissingToken(err: unknown): boolean {
  return isEntraGuardError(err) && err.code === 'EG_REQUEST_MISSING_TOKEN';
}

// Hands unexpected errors of this request to the app's onInternalError.
function reporter(settings: ResolvedAdapterOptions, req: Request): (error: unknown) => void {
  return (error) => settings.onInternalError?.(error, req);
}

function refuse(settings: ResolvedAdapterOptions, req: Request, res: Response, error: unknown): void {
  reportUnexpected(reporter(settings, req), error);
  sendError(res, error, settings.http);
}

function accept(guard: EntraGuard, settings: ResolvedAdapterOptions, req: Request, res: Response, next: NextFunction, principal: Principal): void {
  const denied = settings.allowTokensWithoutPermissions ? undefined : noPermissionsError(principal);
  if (denied !== undefined) return refuse(settings, req, res, own(denied));
  setRequestState(req, requestState(guard, settings, req, principal));
  req.auth = principal;
  next();
}

function fail(guard: EntraGuard, settings: ResolvedAdapterOptions, req: Request, res: Response, next: NextFunction, error: unknown): void {
  if (settings.optional && isMissingToken(error)) {
    setRequestState(req, requestState(guard, settings, req, undefined));
    // Whatever was on req.auth before did not come from a token this middleware checked.
    delete req.auth;
    next();
    return;
  }
  refuse(settings, req, res, error);
}

function requestState(guard: EntraGuard, settings: ResolvedAdapterOptions, req: Request, principal: Principal | undefined): RequestState {
  return { guard, principal, http: settings.http, report: reporter(settings, req) };
}

// Express 4 does not catch rejected promises, and an unhandled rejection ends the process: if
// anything in accept / fail threw after all, answer 500 rather than let it escape.
function lastResort(settings: ResolvedAdapterOptions, req: Request, res: Response, error: unknown): void {
  try {
    refuse(settings, req, res, error);
  } catch {
    res.destroy();
  }
}

function handle(guard: EntraGuard, settings: ResolvedAdapterOptions, req: Request, res: Response, next: NextFunction): void {
  if (settings.metadata !== undefined && isMetadataRequest(req, settings.metadata.path)) {
    // The metadata tells clients how to get a token, so it cannot itself require one.
    sendMetadata(res, settings.metadata.document);
    return;
  }
  const values = authorizationValues(req);
  if (hasSecondCarrier(req, values)) {
    refuse(settings, req, res, own(new InvalidRequestError('EG_REQUEST_DUPLICATE_CREDENTIALS', 'access_token in the query or body besides an Authorization header', { check: 'request' })));
    return;
  }
  let result: Principal | Promise<Principal>;
  try {
    result = authenticateForAdapter(guard, values);
  } catch (error) {
    // Refused at once: answered in this tick, like an accepted cached token below.
    try {
      fail(guard, settings, req, res, next, error);
    } catch (unexpected) {
      lastResort(settings, req, res, unexpected);
    }
    return;
  }
  if (!isPromiseLike(result)) {
    // The steady state: nothing was awaited, so next() runs in this tick (no promise, no hop).
    try {
      accept(guard, settings, req, res, next, result);
    } catch (unexpected) {
      lastResort(settings, req, res, unexpected);
    }
    return;
  }
  Promise.resolve(result)
    .then(
      (principal) => accept(guard, settings, req, res, next, principal),
      (error: unknown) => fail(guard, settings, req, res, next, error),
    )
    .catch((unexpected: unknown) => lastResort(settings, req, res, unexpected));
}

/**
 * Authenticates every request that reaches it with a Microsoft Entra ID access token from the
 * `Authorization: Bearer` header, and sets `req.auth` to the frozen principal.
 *
 * - Exactly one Authorization header: duplicates (read from `req.rawHeaders`) are answered
 *   400 `EG_REQUEST_DUPLICATE_CREDENTIALS`, and so is an `access_token` in the query string or in
 *   an already-parsed body next to the header (RFC 6750 §2). Alone, query, body and cookie tokens
 *   are never read: the request is unauthenticated (401 without an error code).
 * - Platform headers such as `X-MS-CLIENT-PRINCIPAL` are never trusted.
 * - A valid token with neither `scp` nor `roles` is refused with 403 `EG_NO_PERMISSIONS` unless
 *   `allowTokensWithoutPermissions` is set.
 * - Every refusal is written here with core's `toHttpResponse` (RFC 6750 challenge, RFC 9457
 *   body with fixed text), so it never depends on the app's error handler.
 *
 * Creating the middleware from options validates them at once (TypeError) but fetches nothing:
 * signing keys load on the first request, or when you call `middleware.guard.ready()`.
 *
 * @param optionsOrGuard - the guard's options, or a guard shared with other middleware. The
 *   middleware calls the guard's `authenticateMaybeSync` (its `authenticate` when it has none), so
 *   a wrapper that changes how requests are authenticated must wrap both.
 * @param adapterOptions - see {@link EntraAuthOptions}.
 * @example
 * ```ts
 * import express from 'express';
 * import { entraAuth, requireScopes } from '@entra-guard/express';
 *
 * const app = express();
 * app.use(express.json()); // parse bodies first, so a token in the body next to the header is refused
 * app.use('/api', entraAuth({ clientId: CLIENT_ID, tenancy: { mode: 'single', tenantId: TENANT_ID } }));
 * app.get('/api/orders', requireScopes('Orders.Read'), (req, res) => {
 *   res.json({ tenant: req.auth?.tenantId });
 * });
 * ```
 */
export function entraAuth(optionsOrGuard: EntraGuardOptions | EntraGuard, adapterOptions: EntraAuthOptions = {}): EntraAuthMiddleware {
  if (typeof optionsOrGuard !== 'object' || optionsOrGuard === null) throw new TypeError('entraAuth() needs guard options or a guard');
  const settings = resolveAdapterOptions(adapterOptions);
  const guard = isGuard(optionsOrGuard) ? optionsOrGuard : createEntraGuard(optionsOrGuard);
  const middleware = function entraAuthMiddleware(req: Request, res: Response, next: NextFunction): void {
    handle(guard, settings, req, res, next);
  };
  return asMiddleware(middleware, { guard });
}
