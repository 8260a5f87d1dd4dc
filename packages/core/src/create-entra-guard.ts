import { createHash } from 'node:crypto';
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
import { explainToken, type Explanation } from './token/explain.js';
import { extractBearerToken } from './token/extract-bearer.js';
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
  return createHash('sha256').update(`${p.tenantId}:${p.objectId ?? `client:${p.clientId}`}`).digest('hex').slice(0, 32);
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
  const validator: Validator = { options: resolved, keys, tenants: new TenantPolicy(resolved.tenancy) };
  const cache = resolved.tokenCache === false ? undefined : new ValidatedTokenCache(profile, resolved.clockSkewSeconds, resolved.tokenCache);
  const keyHeld = (kid: string): boolean => keys.find({ kid, x5t: undefined }) !== undefined;
  const authorityHost = resolved.cloud.authorityHost;

  function rejected(err: unknown, started: number): never {
    if (isEntraGuardError(err)) {
      publishRejected({ code: err.code, check: err.check, status: err.status, durationMs: performance.now() - started });
    }
    throw err;
  }

  async function principalFor(token: string): Promise<Principal> {
    const now = resolved.now();
    // Only plausible tokens are hashed for the cache: the parser refuses the rest.
    const key = cache !== undefined && typeof token === 'string' && token.length <= MAX_TOKEN_LENGTH ? cache.key(token) : undefined;
    if (key !== undefined && cache !== undefined) {
      const hit = cache.get(key, now, keyHeld);
      if (hit !== undefined) return hit;
      // The shared layer costs a round trip, so it is only asked on a local miss.
      if (cache.hasShared) {
        const shared = await cache.getShared(key, now, keyHeld);
        if (shared !== undefined) return shared;
      }
    }
    const { principal, keyId } = await validateCompactToken(token, validator);
    if (key !== undefined) cache?.set(key, principal, keyId, now);
    return principal;
  }

  async function checkRevocation(principal: Principal): Promise<void> {
    const store = resolved.revocation;
    if (store === undefined) return;
    let decision: RevocationDecision;
    try {
      decision = await store.check({
        tenantId: principal.tenantId,
        objectId: principal.objectId,
        clientId: principal.clientId,
        tokenId: principal.tokenId,
        issuedAt: principal.issuedAt,
        expiresAt: principal.expiresAt,
      });
    } catch (err) {
      // Fail closed, but as "try again" (503): the token may well be fine.
      throw new ServiceUnavailableError('EG_REVOCATION_UNAVAILABLE', 'revocation store failed', { check: 'revocation', cause: err, retryAfterSeconds: 5 });
    }
    if (decision.revoked) throw revocationError(decision, principal, authorityHost);
  }

  async function validateToken(token: string): Promise<Principal> {
    const started = performance.now();
    try {
      const principal = await principalFor(token);
      await checkRevocation(principal);
      publishAuthenticated(() => ({
        kind: principal.kind,
        tenantId: principal.tenantId,
        clientId: principal.clientId,
        tokenVersion: principal.tokenVersion,
        principalHash: principalHash(principal),
        durationMs: performance.now() - started,
      }));
      return principal;
    } catch (err) {
      return rejected(err, started);
    }
  }

  return Object.freeze({
    options: resolved,
    profile,
    async authenticate(authorization: string | readonly string[] | undefined | null): Promise<Principal> {
      const started = performance.now();
      let token: string;
      try {
        token = extractBearerToken(authorization);
      } catch (err) {
        rejected(err, started);
      }
      return validateToken(token);
    },
    validateToken,
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
