import { resolveCloud, type ResolvedCloud } from './clouds.js';
import { isLowerCaseGuid } from './guid.js';
import type { TokenCacheOptions } from '../cache/token-cache.js';
import type { RevocationStore } from '../revocation/revocation-store.js';
import type { ClientAuthStrength, EntraGuardOptions, JsonWebKeySet, RemoteKeysOptions } from './options.js';

/** How tenants are decided after resolution. */
export type ResolvedTenancy =
  | { readonly mode: 'single'; readonly tenantId: string }
  | { readonly mode: 'multi'; readonly tenants: ReadonlySet<string> }
  | { readonly mode: 'multi-predicate'; readonly predicate: (tenantId: string) => boolean | Promise<boolean> }
  | { readonly mode: 'any-tenant' };

export interface ResolvedRemoteKeys {
  readonly kind: 'remote';
  readonly refreshIntervalMs: number;
  readonly unknownKidCooldownMs: number;
  readonly timeoutMs: number;
  readonly maxStaleMs: number;
  readonly maxBodyBytes: number;
  readonly maxKeys: number;
}

export type ResolvedKeys = ResolvedRemoteKeys | { readonly kind: 'static'; readonly jwks: JsonWebKeySet };

/** Options after validation: a frozen copy with every default filled in. */
export interface ResolvedOptions {
  readonly clientId: string;
  readonly audiences: ReadonlySet<string>;
  readonly tenancy: ResolvedTenancy;
  readonly cloud: ResolvedCloud;
  readonly acceptedVersions: ReadonlySet<'1.0' | '2.0'>;
  readonly clockSkewSeconds: number;
  readonly maxTokenLifetimeSeconds: number;
  readonly keys: ResolvedKeys;
  readonly allowedClients: ReadonlySet<string> | undefined;
  /** 0 public, 1 secret, 2 certificate (the values of `azpacr` / `appidacr`). */
  readonly minClientAuth: 0 | 1 | 2;
  readonly guests: 'allow' | 'deny';
  readonly allowPersonalAccounts: boolean;
  readonly acceptAtJwtType: boolean;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly tokenCache: TokenCacheOptions | false;
  readonly revocation: RevocationStore | undefined;
}

const CLIENT_AUTH: Readonly<Record<ClientAuthStrength, 0 | 1 | 2>> = { public: 0, secret: 1, certificate: 2 };

function fail(message: string): never {
  throw new TypeError(message);
}

function nonNegative(value: unknown, fallback: number, option: string, { integer = false, min = 0 } = {}): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    fail(`"${option}" must be a finite ${integer ? 'integer' : 'number'} >= ${min}`);
  }
  return value;
}

function stringList(value: unknown, option: string, check?: (v: string) => boolean, expected = 'is invalid'): string[] {
  if (!Array.isArray(value) || value.length === 0) fail(`"${option}" must be a non-empty array of strings`);
  return value.map((v, i) => {
    if (typeof v !== 'string' || v.length === 0 || (check !== undefined && !check(v))) fail(`"${option}[${i}]" ${expected}`);
    return v;
  });
}

function tenantGuid(value: unknown, option: string): string {
  if (typeof value !== 'string') fail(`"${option}" must be a tenant GUID`);
  const lower = value.toLowerCase();
  if (!isLowerCaseGuid(lower)) {
    fail(`"${option}" must be the tenant GUID (directory id), not a domain name or "common"/"organizations"`);
  }
  return lower;
}

function resolveTenancy(t: EntraGuardOptions['tenancy'] | undefined): ResolvedTenancy {
  if (typeof t !== 'object' || t === null) fail('"tenancy" is required: { mode: "single" | "multi" | "any-tenant", ... }');
  switch (t.mode) {
    case 'single':
      return { mode: 'single', tenantId: tenantGuid(t.tenantId, 'tenancy.tenantId') };
    case 'multi': {
      const allowed = t.allowedTenants;
      if (typeof allowed === 'function') return { mode: 'multi-predicate', predicate: allowed };
      const list = stringList(allowed, 'tenancy.allowedTenants').map((v, i) => tenantGuid(v, `tenancy.allowedTenants[${i}]`));
      return { mode: 'multi', tenants: new Set(list) };
    }
    case 'any-tenant':
      if (t.acknowledgeRisk !== true) fail('"tenancy.acknowledgeRisk" must be true to accept tokens from any tenant');
      return { mode: 'any-tenant' };
    default:
      return fail('"tenancy.mode" must be "single", "multi" or "any-tenant"');
  }
}

function resolveKeys(keys: EntraGuardOptions['keys']): ResolvedKeys {
  if (keys !== undefined && (typeof keys !== 'object' || keys === null)) fail('"keys" must be an object');
  if (keys !== undefined && 'jwks' in keys) {
    const jwks = keys.jwks as unknown;
    if (typeof jwks !== 'object' || jwks === null || !Array.isArray((jwks as JsonWebKeySet).keys)) {
      fail('"keys.jwks" must be a JSON Web Key Set ({ keys: [...] })');
    }
    return { kind: 'static', jwks: structuredClone(jwks as JsonWebKeySet) };
  }
  const r: RemoteKeysOptions = keys ?? {};
  return {
    kind: 'remote',
    refreshIntervalMs: nonNegative(r.refreshIntervalMs, 3_600_000, 'keys.refreshIntervalMs', { min: 1000 }),
    unknownKidCooldownMs: nonNegative(r.unknownKidCooldownMs, 300_000, 'keys.unknownKidCooldownMs'),
    timeoutMs: nonNegative(r.timeoutMs, 5_000, 'keys.timeoutMs', { min: 1 }),
    maxStaleMs: nonNegative(r.maxStaleMs, 86_400_000, 'keys.maxStaleMs', { min: 1 }),
    maxBodyBytes: nonNegative(r.maxBodyBytes, 1_048_576, 'keys.maxBodyBytes', { integer: true, min: 1024 }),
    maxKeys: nonNegative(r.maxKeys, 100, 'keys.maxKeys', { integer: true, min: 1 }),
  };
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, option: string): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(`"${option}" must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
  return value as T;
}

function bool(value: unknown, option: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail(`"${option}" must be a boolean`);
  return value;
}

function resolveTokenCache(value: unknown): TokenCacheOptions | false {
  if (value === undefined) return Object.freeze({ maxEntries: 10_000 });
  if (value === false) return false;
  if (typeof value !== 'object' || value === null) fail('"tokenCache" must be { maxEntries } or false');
  const maxEntries = nonNegative((value as TokenCacheOptions).maxEntries, 10_000, 'tokenCache.maxEntries', { integer: true, min: 1 });
  const shared = (value as TokenCacheOptions).shared;
  return Object.freeze(shared === undefined ? { maxEntries } : { maxEntries, shared });
}

function resolveRevocation(value: unknown): RevocationStore | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || typeof (value as RevocationStore).check !== 'function') {
    fail('"revocation" must be a RevocationStore (an object with a check method)');
  }
  return value as RevocationStore;
}

/** Validates the options once, fills defaults, and returns a frozen copy. */
export function resolveOptions(options: EntraGuardOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options must be an object');
  const clientId = options.clientId;
  if (typeof clientId !== 'string' || clientId.trim() !== clientId || clientId.length === 0) {
    fail('"clientId" must be the API application (client) id');
  }
  const audiences = options.audiences === undefined ? [clientId, `api://${clientId}`] : stringList(options.audiences, 'audiences');
  const versions =
    options.acceptedVersions === undefined
      ? (['1.0', '2.0'] as const)
      : stringList(options.acceptedVersions, 'acceptedVersions', (v) => v === '1.0' || v === '2.0', 'must be "1.0" or "2.0"');
  if (options.fetch !== undefined && typeof options.fetch !== 'function') fail('"fetch" must be a function');
  if (options.now !== undefined && typeof options.now !== 'function') fail('"now" must be a function returning ms');
  const allowedClients = options.allowedClients === undefined ? undefined : new Set(stringList(options.allowedClients, 'allowedClients'));
  return Object.freeze({
    clientId,
    audiences: new Set(audiences),
    tenancy: Object.freeze(resolveTenancy(options.tenancy)),
    cloud: resolveCloud(options.cloud),
    acceptedVersions: new Set(versions as ('1.0' | '2.0')[]),
    clockSkewSeconds: nonNegative(options.clockSkewSeconds, 300, 'clockSkewSeconds'),
    maxTokenLifetimeSeconds: nonNegative(options.maxTokenLifetimeSeconds, 100_800, 'maxTokenLifetimeSeconds', { min: 1 }),
    keys: Object.freeze(resolveKeys(options.keys)),
    allowedClients,
    minClientAuth: CLIENT_AUTH[oneOf(options.minClientAuth, ['public', 'secret', 'certificate'], 'public', 'minClientAuth')],
    guests: oneOf(options.guests, ['allow', 'deny'], 'allow', 'guests'),
    allowPersonalAccounts: bool(options.allowPersonalAccounts, 'allowPersonalAccounts'),
    acceptAtJwtType: bool(options.acceptAtJwtType, 'acceptAtJwtType'),
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    now: options.now ?? Date.now,
    tokenCache: resolveTokenCache(options.tokenCache),
    revocation: resolveRevocation(options.revocation),
  });
}
