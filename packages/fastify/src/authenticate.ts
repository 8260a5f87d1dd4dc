import { authenticateForAdapter, InvalidRequestError, isEntraGuardError, isPromiseLike, noPermissionsError, publishRefusal, type EntraGuard, type EntraGuardError, type Principal } from '@entra-guard/core';
import type { onRequestHookHandler, preValidationHookHandler } from 'fastify';
import { authorizationValues, hasParsedCarrier, hasQueryCarrier, presentsAuthorization } from './credentials.js';
import type { PluginSettings } from './options.js';
import { routeMode } from './route-mode.js';
import { sendEntraGuardError } from './send-error.js';

// Refusals the adapter makes itself are published like the guard's own (entra-guard:rejected).
function own<E extends EntraGuardError>(error: E): E {
  publishRefusal(error);
  return error;
}

function secondCarrier(where: string): InvalidRequestError {
  return own(new InvalidRequestError('EG_REQUEST_DUPLICATE_CREDENTIALS', `access_token in the ${where} besides an Authorization header`, {
    check: 'request',
  }));
}

// "No credentials" in core's sense: no header, an empty bearer, or another scheme (`Basic …`).
function isMissingToken(err: unknown): boolean {
  return isEntraGuardError(err) && err.code === 'EG_REQUEST_MISSING_TOKEN';
}

/**
 * The `onRequest` hook: authenticates every request before its body is read, so an
 * unauthenticated caller costs no body parsing. Sets `request.auth`, or answers the refusal.
 * A callback hook, so a cached token (or a held key) continues the request in the same tick.
 *
 * - All `Authorization` values go to core, which answers 400 for more than one.
 * - An `access_token` in the query string next to a non-blank header is 400; on its own it is ignored
 *   (the request has no credentials: 401 without an error code, or anonymous on optional routes).
 * - A valid token with neither `scp` nor `roles` is 403 `EG_NO_PERMISSIONS` unless allowed.
 *
 * @example
 * ```ts
 * app.addHook('onRequest', authenticationHook(guard, settings));
 * ```
 */
export function authenticationHook(guard: EntraGuard, settings: PluginSettings): onRequestHookHandler {
  return function entraGuardAuthenticate(request, reply, done) {
    const mode = routeMode(request, settings.optional);
    if (mode === 'skip') return done();
    const values = authorizationValues(request.raw);
    // Anonymous on an optional route: nothing to validate, and no "rejected" event for it.
    if (values.length === 0 && mode === 'optional') return done();

    // Either answers the request (and never calls done) or lets it through with done().
    const refused = (err: unknown): void => {
      if (mode === 'optional' && isMissingToken(err)) return done();
      sendEntraGuardError(reply, err, settings.response);
    };
    const accepted = (principal: Principal): void => {
      const denied = settings.allowTokensWithoutPermissions ? undefined : noPermissionsError(principal);
      if (denied !== undefined) return refused(own(denied));
      request.auth = principal;
      done();
    };

    let result: Principal | Promise<Principal>;
    try {
      // The raw URL and the parsed query both: a parser option (`useSemicolonDelimiter`) may find
      // parameters the raw `?…` part does not show.
      if (presentsAuthorization(values) && (hasQueryCarrier(request.raw.url) || hasParsedCarrier(request.query))) {
        throw secondCarrier('query string');
      }
      result = authenticateForAdapter(guard, values);
    } catch (err) {
      return refused(err);
    }
    if (!isPromiseLike(result)) return accepted(result);
    Promise.resolve(result)
      .then(accepted, refused)
      // Neither callback should throw; if one did, the request must still get an answer.
      .catch((err: unknown) => {
        if (!reply.sent) sendEntraGuardError(reply, err, settings.response);
      });
  };
}

/**
 * The `preValidation` hook: the body is parsed only now, so this is where a body `access_token`
 * next to a non-blank `Authorization` header is refused (400). A body token on its own is never
 * read. (Express refuses it before validating the header when its body parser runs first; here a
 * bad header token is refused first, with 401, before any body is read.)
 * Only bodies a content-type parser turned into an object are inspected: Fastify parses JSON by
 * default, forms only with a plugin such as `@fastify/formbody`.
 *
 * @example
 * ```ts
 * app.addHook('preValidation', bodyCarrierHook(settings));
 * ```
 */
export function bodyCarrierHook(settings: PluginSettings): preValidationHookHandler {
  // A callback hook, not an async one: a promise here would defer every request by a microtask
  // and, measured in bench/, cost as much as the whole cached-token check.
  return function entraGuardBodyCarrier(request, reply, done) {
    if (!hasParsedCarrier(request.body) || routeMode(request, settings.optional) === 'skip') return done();
    if (!presentsAuthorization(authorizationValues(request.raw))) return done();
    sendEntraGuardError(reply, secondCarrier('body'), settings.response);
  };
}
