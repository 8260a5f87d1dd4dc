import { hash } from 'node:crypto';
import { ValidatedTokenCache } from './cache/token-cache.js';
import type { EntraGuardOptions } from './config/options.js';
import { validatorProfile } from './config/profile.js';
import { resolveOptions, type ResolvedOptions } from './config/resolve-options.js';
import { isEntraGuardError, ServiceUnavailableError } from './errors/errors.js';
import { publishAuthenticated, publishRejected } from './events.js';
import type { KeySource } from './keys/key-source.js';
import { RemoteKeyCache } from './keys/remote-key-cache.js';
import { StaticKeySource } from './keys/static-keys.js';
import { denialError } from './policy/denial-error.js';
import { evaluatePolicy } from './policy/evaluate.js';
import type { Policy, PolicyContext } from './policy/policy.js';
import type { Principal } from './principal/principal.js';
import { revocationError } from './revocation/revocation-error.js';
import type { RevocationDecision } from './revocation/revocation-store.js';
import { TenantPolicy } from './token/checks/tenant.js';
import { HeaderMemo } from './token/header-memo.js';
import { explainToken, type Explanation } from './token/explain.js';
import { andThen, isPromiseLike, type MaybePromise } from './maybe-promise.js';
import { extractBearerToken, plainBearerToken } from './token/extract-bearer.js';
import { MAX_TOKEN_LENGTH } from './token/parse-compact.js';
import { validateCompactToken, type Validator } from './token/validate-token.js';

/** A configured validator for one API. Create once at start-up; share across requests. */
export interface EntraGuard {
  /** The validated, frozen options. */
  readonly options: ResolvedOptions;
  /** Fingerprint of the validation settings (part of every cache key). */
  readonly profile: string;
  /**
   * Authenticates an `Authorization` header value (or the list of them, to detect duplicates).
   * Resolves to the principal; rejects with an EntraGuardError.
   */
  authenticate(authorization: string | readonly string[] | undefined | null): Promise<Principal>;
  /**
   * {@link EntraGuard.authenticate} for adapters and hot paths: returns the principal itself when
   * nothing has to be waited for (a cached token, or a held signing key, a tenant decision that
   * needs no predicate call and a revocation store that answers synchronously), and a promise
   * otherwise. Throws the EntraGuardError synchronously when the refusal is known at once, and
   * rejects with it when it comes after a wait: callers must handle both.
   *
   * @example
   * ```ts
   * const result = guard.authenticateMaybeSync(req.headers.authorization); // may throw
   * const principal = result instanceof Promise ? await result : result;
   * ```
   */
  authenticateMaybeSync(authorization: string | readonly string[] | undefined | null): Principal | Promise<Principal>;
  /** Validates a compact access token. Resolves to the principal; rejects with an EntraGuardError. */
  validateToken(token: string): Promise<Principal>;
  /** Throws the EntraGuardError for the request (403, or a step-up challenge) unless the policy allows. */
  authorize(principal: Principal, policy: Policy, context?: PolicyContext): void;
  /** Validates a token and reports every check, for diagnostics (`entra-guard explain`). */
  explain(token: string): Promise<Explanation>;
  /** Loads metadata and keys now; rejects with KeysUnavailableError if they cannot be had. */
  ready(): Promise<void>;
  /** Stops background refresh timers and empties the token cache. */
  close(): void;
}

function keySourceFor(options: ResolvedOptions): KeySource {
  if (options.keys.kind === 'static') return new StaticKeySource(options.keys.jwks, options);
  return new RemoteKeyCache({
    cloud: options.cloud,
    tenantId: options.tenancy.mode === 'single' ? options.tenancy.tenantId : undefined,
    allowPersonalAccounts: options.allowPersonalAccounts,
    acceptV1: options.acceptedVersions.has('1.0'),
    settings: options.keys,
    fetch: options.fetch,
    // One clock for token times and key ages, so a test (or `--at`) controls both.
    clock: options.now,
  });
}

function principalHash(p: Principal): string {
  return hash('sha256', `${p.tenantId}:${p.objectId ?? `client:${p.clientId}`}`, 'hex').slice(0, 32);
}

/**
 * Creates a validator for Entra ID access tokens.
 *
 * @example
 * ```ts
 * const guard = createEntraGuard({ clientId: API_CLIENT_ID, tenancy: { mode: 'single', tenantId: TENANT_ID } });
 * await guard.ready();
 * const principal = await guard.authenticate(req.headers.authorization);
 * ```
 * @throws TypeError naming the option, when an option is invalid.
 */
export function createEntraGuard(options: EntraGuardOptions): EntraGuard {
  const resolved = resolveOptions(options);
  const profile = validatorProfile(resolved);
  const keys = keySourceFor(resolved);
  const validator: Validator = { options: resolved, keys, tenants: new TenantPolicy(resolved.tenancy), headers: new HeaderMemo() };
  const cache = resolved.tokenCache === false ? undefined : new ValidatedTokenCache(profile, resolved.clockSkewSeconds, resolved.tokenCache);
  const keyHeld = (kid: string): boolean => keys.find({ kid, x5t: undefined }) !== undefined;
  const authorityHost = resolved.cloud.authorityHost;

  function rejected(err: unknown, started: number): never {
    if (isEntraGuardError(err)) {
      publishRejected({ code: err.code, check: err.check, status: err.status, durationMs: performance.now() - started });
    }
    throw err;
  }

  // Only plausible tokens are hashed for the cache: the parser refuses the rest.
  function cacheKey(token: string): string | undefined {
    return cache !== undefined && typeof token === 'string' && token.length <= MAX_TOKEN_LENGTH ? cache.key(token) : undefined;
  }

  // After a local miss: the shared layer (a round trip, so only now), then a full validation.
  function validateUncached(token: string, key: string | undefined, now: number): MaybePromise<Principal> {
    if (key !== undefined && cache !== undefined && cache.hasShared) {
      return cache.getShared(key, now, keyHeld).then((shared) => shared ?? validateAndStore(token, key, now));
    }
    return validateAndStore(token, key, now);
  }

  function validateAndStore(token: string, key: string | undefined, now: number): MaybePromise<Principal> {
    return andThen(validateCompactToken(token, validator), ({ principal, keyId }) => {
      if (key !== undefined) cache?.set(key, principal, keyId, now);
      return principal;
    });
  }

  function localHit(key: string | undefined, now: number): Principal | undefined {
    return key === undefined ? undefined : cache?.get(key, now, keyHeld);
  }

  function principalFor(token: string): MaybePromise<Principal> {
    const now = resolved.now();
    const key = cacheKey(token);
    return localHit(key, now) ?? validateUncached(token, key, now);
  }

  function revocationUnavailable(cause: unknown): ServiceUnavailableError {
    // Fail closed, but as "try again" (503): the token may well be fine.
    return new ServiceUnavailableError('EG_REVOCATION_UNAVAILABLE', 'revocation store failed', { check: 'revocation', cause, retryAfterSeconds: 5 });
  }

  // Revocation is asked on every request, cache hit or not; a store that answers from memory
  // keeps the whole request synchronous.
  function admitted(principal: Principal, started: number): MaybePromise<Principal> {
    const store = resolved.revocation;
    if (store === undefined) return authenticated(principal, started);
    let decision: RevocationDecision | PromiseLike<RevocationDecision>;
    try {
      decision = store.check({
        tenantId: principal.tenantId,
        objectId: principal.objectId,
        clientId: principal.clientId,
        tokenId: principal.tokenId,
        issuedAt: principal.issuedAt,
        expiresAt: principal.expiresAt,
      });
    } catch (err) {
      throw revocationUnavailable(err);
    }
    if (!isPromiseLike(decision)) return notRevoked(decision, principal, started);
    return Promise.resolve(decision).then(
      (answer) => notRevoked(answer, principal, started),
      (err: unknown) => {
        throw revocationUnavailable(err);
      },
    );
  }

  function notRevoked(decision: RevocationDecision, principal: Principal, started: number): Principal {
    if (decision.revoked) throw revocationError(decision, principal, authorityHost);
    return authenticated(principal, started);
  }

  function authenticated(principal: Principal, started: number): Principal {
    publishAuthenticated(() => ({
      kind: principal.kind,
      tenantId: principal.tenantId,
      clientId: principal.clientId,
      tokenVersion: principal.tokenVersion,
      principalHash: principalHash(principal),
      durationMs: performance.now() - started,
    }));
    return principal;
  }

  // Publishes the refusal exactly once, whether it was thrown now or rejects later.
  function published(result: MaybePromise<Principal>, started: number): MaybePromise<Principal> {
    return isPromiseLike(result) ? result.then(undefined, (err: unknown) => rejected(err, started)) : result;
  }

  function validateTokenMaybeSync(token: string): MaybePromise<Principal> {
    const started = performance.now();
    try {
      return published(andThen(principalFor(token), (principal) => admitted(principal, started)), started);
    } catch (err) {
      return rejected(err, started);
    }
  }

  function authenticateMaybeSync(authorization: string | readonly string[] | undefined | null): MaybePromise<Principal> {
    const started = performance.now();
    try {
      return published(authenticateHeader(authorization, started), started);
    } catch (err) {
      return rejected(err, started);
    }
  }

  function authenticateHeader(authorization: string | readonly string[] | undefined | null, started: number): MaybePromise<Principal> {
    // A cached token is looked up before the header is parsed: only a string that passed every
    // check can hit, so "Bearer <that string>" is exactly a header the full parse accepts.
    const candidate = cache === undefined ? undefined : plainBearerToken(authorization);
    const now = resolved.now();
    const candidateKey = candidate === undefined ? undefined : cacheKey(candidate);
    const hit = localHit(candidateKey, now);
    if (hit !== undefined) return admitted(hit, started);
    const token = extractBearerToken(authorization);
    // The usual miss: the header held just the token, so its key is already computed.
    const found = candidateKey !== undefined && token === candidate ? validateUncached(token, candidateKey, now) : principalFor(token);
    return andThen(found, (principal) => admitted(principal, started));
  }

  function settled<T>(run: () => MaybePromise<T>): Promise<T> {
    try {
      return Promise.resolve(run());
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  return Object.freeze({
    options: resolved,
    profile,
    authenticate: (authorization: string | readonly string[] | undefined | null) => settled(() => authenticateMaybeSync(authorization)),
    authenticateMaybeSync,
    validateToken: (token: string) => settled(() => validateTokenMaybeSync(token)),
    authorize(principal: Principal, policy: Policy, context: PolicyContext = {}): void {
      const decision = evaluatePolicy(policy, principal, context);
      if (!decision.allowed) {
        const err = denialError(decision.denial, principal, authorityHost);
        publishRejected({ code: err.code, check: err.check, status: err.status, durationMs: 0 });
        throw err;
      }
    },
    explain: (token: string) => explainToken(token, validator),
    ready: () => keys.ready(),
    close: () => {
      keys.close();
      cache?.clear();
    },
  });
}
