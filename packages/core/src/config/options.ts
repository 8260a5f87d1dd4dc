import type { TokenCacheOptions } from '../cache/token-cache.js';
import type { RevocationStore } from '../revocation/revocation-store.js';

/** A JSON Web Key Set as published by Entra (`{ keys: [...] }`). */
export interface JsonWebKeySet {
  readonly keys: readonly Record<string, unknown>[];
}

/** Which tenants' tokens the API accepts. */
export type TenancyOption =
  /** One tenant, by its GUID (the directory/tenant id). */
  | { readonly mode: 'single'; readonly tenantId: string }
  /** Several tenants: a list of tenant GUIDs, or an async decision per tenant (cached for 5 minutes). */
  | { readonly mode: 'multi'; readonly allowedTenants: readonly string[] | ((tenantId: string) => boolean | Promise<boolean>) }
  /** Any tenant at all. Only for APIs that isolate data by tenant themselves; the risk must be acknowledged. */
  | { readonly mode: 'any-tenant'; readonly acknowledgeRisk: true };

/** The Microsoft cloud the tokens come from, or a custom authority host (the emulator). */
export type CloudOption =
  | 'public'
  | 'usgov'
  | 'china'
  | {
      /** https origin of the authority, e.g. `https://localhost:8443`. */
      readonly authorityHost: string;
      /** Origin of v2 issuers if it differs from the authority host. */
      readonly issuerOrigin?: string;
      /** Origin of v1 issuers. Default `https://sts.windows.net`, what Entra (and the emulator) use. */
      readonly v1IssuerOrigin?: string;
    };

/** Signing keys fetched from the authority (OIDC discovery), with Microsoft's caching algorithm. */
export interface RemoteKeysOptions {
  /** Background refresh interval, ms (jittered by ±10 %). Default 3 600 000 (1 h). */
  readonly refreshIntervalMs?: number;
  /** Minimum time between refreshes caused by an unknown `kid`, ms. Default 300 000 (5 min). */
  readonly unknownKidCooldownMs?: number;
  /** Timeout of one HTTP fetch, body included, ms. Default 5 000. */
  readonly timeoutMs?: number;
  /** How long a key stays usable after it was last seen in a successful fetch, ms. Default 86 400 000 (24 h). */
  readonly maxStaleMs?: number;
  /** Largest accepted response body, bytes. Default 1 048 576. */
  readonly maxBodyBytes?: number;
  /** Most keys accepted from one key set. Default 100. */
  readonly maxKeys?: number;
}

/** Fixed signing keys, for offline use (tests, air-gapped tools). Nothing is fetched. */
export interface StaticKeysOptions {
  readonly jwks: JsonWebKeySet;
}

/** How strongly the client application authenticated (`azpacr` / `appidacr`). */
export type ClientAuthStrength = 'public' | 'secret' | 'certificate';

/** Options of {@link createEntraGuard}. */
export interface EntraGuardOptions {
  /** The API's application (client) id (a GUID in Entra); the default audiences derive from it. */
  readonly clientId: string;
  /** Accepted `aud` values, compared exactly. Default `[clientId, "api://" + clientId]`. */
  readonly audiences?: readonly string[];
  readonly tenancy: TenancyOption;
  /** Default `public`. */
  readonly cloud?: CloudOption;
  /** Token versions accepted. Default both. */
  readonly acceptedVersions?: readonly ('1.0' | '2.0')[];
  /** Allowed clock difference for `exp`, `nbf` and `iat`, seconds. Default 300. */
  readonly clockSkewSeconds?: number;
  /** Longest accepted `exp - iat`, seconds. Default 100 800 (28 h: CAE tokens live 20–28 h). */
  readonly maxTokenLifetimeSeconds?: number;
  /** Remote key options, or static keys. Default remote with the defaults above. */
  readonly keys?: RemoteKeysOptions | StaticKeysOptions;
  /** Client application ids (`azp` / `appid`) allowed to call the API. Default: any. */
  readonly allowedClients?: readonly string[];
  /** Minimum client authentication strength. Default `public` (no requirement). */
  readonly minClientAuth?: ClientAuthStrength;
  /** `deny` refuses guest users (`acct` = 1, or an `idp` of another tenant), and users whose token lacks `acct`. Default `allow`. */
  readonly guests?: 'allow' | 'deny';
  /** Accept tokens of the personal Microsoft account tenant. Default `false`. */
  readonly allowPersonalAccounts?: boolean;
  /** Also accept `typ: at+jwt` (RFC 9068). Entra sends `JWT`. Default `false`. */
  readonly acceptAtJwtType?: boolean;
  /** The fetch used for discovery and keys, e.g. one that trusts a private CA. Default global `fetch`. */
  readonly fetch?: typeof fetch;
  /** The clock, ms since the epoch. Default `Date.now`. */
  readonly now?: () => number;
  /** The validated-token cache, or `false` to validate every request in full. Default `{ maxEntries: 10000 }`. */
  readonly tokenCache?: TokenCacheOptions | false;
  /** Consulted on every request, cache hit or not. Default: nothing is revoked. */
  readonly revocation?: RevocationStore;
}
