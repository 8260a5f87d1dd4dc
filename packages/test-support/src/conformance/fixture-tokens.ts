/*
 * The conformance suite's world: one tenant T, one API C, one RSA key, a clock the suite
 * controls, a revocation store, and every token the cases send. Created once per suite (per
 * adapter), so state (revocations, caches) never leaks between adapters.
 */
import { InMemoryRevocationStore, type EntraGuardOptions } from '@entra-guard/core';
import { mintAccessToken, type AccessTokenOptions } from '../access-token.js';
import { mintIdToken } from '../id-token.js';
import { createSigningKeys, type SigningKey } from '../signing-key.js';
import type { ConformanceAppOptions } from './contract.js';
import { C, ENTRA_ORIGIN, T } from './fixture-ids.js';
import { makeClock, startCanary, type Canary, type FixtureClock } from './fixture-services.js';
import { markerClaims, tokenSpecs, type MintOptions, type TokenName, type TokenSpec } from './fixture-token-specs.js';
import type { ConformanceAppVariant } from './fixture-variants.js';

export {
  C,
  C2,
  CONFORMANCE_EPOCH_SECONDS,
  ENTRA_ORIGIN,
  KILLED_CLIENT,
  MARKERS,
  OID,
  OTHER_GROUP,
  PROTECTED_RESOURCE,
  REVOCATION_FAILURE_TEXT,
  REVOKED_UTI,
  ROGUE_CLIENT,
  SHARED_SUB,
  T,
  T2,
  VICTIM_EMAIL,
  X,
} from './fixture-ids.js';
export type { Canary, FixtureClock } from './fixture-services.js';
export type { MintOptions, TokenName } from './fixture-token-specs.js';
export { VARIANTS, type ConformanceAppVariant } from './fixture-variants.js';

/** Everything one run of the suite shares. */
export interface ConformanceFixture {
  /** The key the guard trusts (K_T). */
  readonly key: SigningKey;
  /** An attacker key (K_A), never published. */
  readonly forgedKey: SigningKey;
  readonly clock: FixtureClock;
  readonly revocation: InMemoryRevocationStore;
  readonly canary: Canary;
  /** Every token, by name. */
  readonly tokens: Readonly<Record<TokenName, string>>;
  /** The app options for a variant (none: the default app). */
  appOptions(variant?: ConformanceAppVariant): ConformanceAppOptions;
  /** Mints another token in the fixture's world (defaults: G2 at the fixture clock). */
  mint(options?: MintOptions): string;
  close(): Promise<void>;
}

/** Creates the fixture: keys, clock, store, canary server and all tokens. Close it in `afterAll`. */
export async function createConformanceFixture(): Promise<ConformanceFixture> {
  const [key, forgedKey] = (await createSigningKeys(2)) as [SigningKey, SigningKey];
  // K_A with K_T's kid: the token names a trusted key, the signature is the attacker's.
  const impostor: SigningKey = { ...forgedKey, kid: key.kid };
  const clock = makeClock();
  const revocation = new InMemoryRevocationStore({ now: clock.now });
  const canary = await startCanary();
  const jwks = { keys: [{ ...key.jwk, issuer: `${ENTRA_ORIGIN}/{tenantid}/v2.0` }] };

  const mint = (o: MintOptions = {}): string => {
    const kind = o.kind ?? 'user';
    const version = o.version ?? '2.0';
    const opts: AccessTokenOptions = {
      key: o.key ?? key,
      issuerOrigin: ENTRA_ORIGIN,
      version,
      kind,
      tenantId: o.tenantId ?? T,
      audience: o.audience ?? (version === '1.0' ? `api://${C}` : C),
      now: o.now ?? clock.nowSeconds(),
      claims: { ...markerClaims(kind, version), ...o.claims },
    };
    if (o.clientId !== undefined) opts.clientId = o.clientId;
    if (o.scopes !== undefined) opts.scopes = o.scopes;
    if (o.roles !== undefined) opts.roles = o.roles;
    if (o.header !== undefined) opts.header = o.header;
    if (o.lifetimeSeconds !== undefined) opts.lifetimeSeconds = o.lifetimeSeconds;
    return mintAccessToken(opts);
  };

  const tokens: Record<string, string> = {};
  for (const [name, spec] of Object.entries(tokenSpecs(canary.url)) as [string, TokenSpec][]) {
    if (spec === 'idToken') {
      tokens[name] = mintIdToken({ key, issuerOrigin: ENTRA_ORIGIN, tenantId: T, clientId: C, now: clock.nowSeconds() });
      continue;
    }
    const { signer, ...options } = spec;
    tokens[name] = mint({ ...options, key: signer === 'impostor' ? impostor : signer === 'attacker' ? forgedKey : key });
  }

  const base: EntraGuardOptions = {
    clientId: C,
    tenancy: { mode: 'single', tenantId: T },
    cloud: 'public',
    keys: { jwks },
    now: clock.now,
    revocation,
  };
  return {
    key,
    forgedKey,
    clock,
    revocation,
    canary,
    tokens: tokens as Record<TokenName, string>,
    appOptions(variant: ConformanceAppVariant = {}): ConformanceAppOptions {
      const options: { -readonly [K in keyof ConformanceAppOptions]: ConformanceAppOptions[K] } = { guard: { ...base, ...variant.guard } };
      if (variant.allowTokensWithoutPermissions !== undefined) options.allowTokensWithoutPermissions = variant.allowTokensWithoutPermissions;
      if (variant.protectedResource !== undefined) options.protectedResource = variant.protectedResource;
      return options;
    },
    mint,
    close: () => canary.close(),
  };
}
