import { createHash } from 'node:crypto';
import type { EntraGuardOptions } from './config/options.js';
import { resolveOptions, type ResolvedOptions } from './config/resolve-options.js';
import { isEntraGuardError } from './errors/errors.js';
import { publishAuthenticated, publishRejected } from './events.js';
import type { KeySource } from './keys/key-source.js';
import { RemoteKeyCache } from './keys/remote-key-cache.js';
import { StaticKeySource } from './keys/static-keys.js';
import type { Principal } from './principal/principal.js';
import { TenantPolicy } from './token/checks/tenant.js';
import { explainToken, type Explanation } from './token/explain.js';
import { extractBearerToken } from './token/extract-bearer.js';
import { validateCompactToken, type Validator } from './token/validate-token.js';

/** A configured validator for one API. Create once at start-up; share across requests. */
export interface EntraGuard {
  /** The validated, frozen options. */
  readonly options: ResolvedOptions;
  /**
   * Authenticates an `Authorization` header value (or the list of them, to detect duplicates).
   * Resolves to the principal; rejects with an EntraGuardError.
   */
  authenticate(authorization: string | readonly string[] | undefined | null): Promise<Principal>;
  /** Validates a compact access token. Resolves to the principal; rejects with an EntraGuardError. */
  validateToken(token: string): Promise<Principal>;
  /** Validates a token and reports every check, for diagnostics (`entra-guard explain`). */
  explain(token: string): Promise<Explanation>;
  /** Loads metadata and keys now; rejects with KeysUnavailableError if they cannot be had. */
  ready(): Promise<void>;
  /** Stops background refresh timers. */
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
  const validator: Validator = { options: resolved, keys: keySourceFor(resolved), tenants: new TenantPolicy(resolved.tenancy) };

  function rejected(err: unknown, started: number): never {
    if (isEntraGuardError(err)) {
      publishRejected({ code: err.code, check: err.check, status: err.status, durationMs: performance.now() - started });
    }
    throw err;
  }

  async function validateToken(token: string): Promise<Principal> {
    const started = performance.now();
    try {
      const principal = await validateCompactToken(token, validator);
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
    explain: (token: string) => explainToken(token, validator),
    ready: () => validator.keys.ready(),
    close: () => validator.keys.close(),
  });
}
