// Shared set-up for the attack-catalogue integration tests (shared/reference/attack-catalogue.md).
// Each test file gets one real HTTPS Entra-shaped key server, the catalogue's keys (K_T, K_MSA,
// K_A), a fixed clock, and guards that fetch their keys from that server.
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  createEntraGuard,
  PERSONAL_ACCOUNT_TENANT,
  type EntraGuard,
  type EntraGuardOptions,
} from '@entra-guard/core';
import {
  accessTokenParts,
  createSigningKey,
  createSigningKeys,
  signJwt,
  signRs256,
  startKeyServer,
  TEST_API_CLIENT_ID,
  TEST_TENANT_ID,
  type AccessTokenOptions,
  type KeyServer,
  type SigningKey,
  type TokenParts,
} from '@entra-guard/test-support';

export const T = TEST_TENANT_ID;
export const T2 = '0d3b5f7a-9c1e-4a2b-8d6f-1e3c5a7b9d0f';
export const X = 'e5a0c3b1-7f2d-4c68-9a4e-b2d1f0c3a5e7';
export const MSA = PERSONAL_ACCOUNT_TENANT;
export const C = TEST_API_CLIENT_ID;
/** Fixed "now" of every guard and every minted token, seconds and ms. */
export const NOW = 1_750_000_000;
export const NOW_MS = NOW * 1000;
/** A claim value that must never come back in a response. */
export const MARKER = 'attack-marker-5d41402abc4b2a76';

type MintOptions = Partial<AccessTokenOptions>;

/** What one test file shares: the server, the keys, the default guard and token builders. */
export interface AttackEnv {
  readonly server: KeyServer;
  /** Enterprise key, JWKS `issuer` = `{origin}/{tenantid}/v2.0`. */
  readonly kT: SigningKey;
  /** Consumer key, JWKS `issuer` = the exact MSA tenant issuer. */
  readonly kMsa: SigningKey;
  /** Attacker key, never published. */
  readonly kA: SigningKey;
  /** Extra keys the file asked to publish. */
  readonly extra: readonly SigningKey[];
  /** Single-tenant guard for T, warmed. */
  readonly guard: EntraGuard;
  /** A further guard (closed in afterAll); remote-key guards are warmed before they are returned. */
  makeGuard(overrides?: Partial<EntraGuardOptions>): Promise<EntraGuard>;
  parts(opts?: MintOptions): TokenParts;
  mint(opts?: MintOptions): string;
  /** A token naming K_T (kid) but signed with the attacker key K_A. */
  forge(opts?: MintOptions): string;
  /** Signs header and payload (objects, or exact JSON text) with RS256, K_T by default. */
  sign(header: object | string, payload: object | string, key?: SigningKey): string;
  g2(opts?: MintOptions): string;
  g1(opts?: MintOptions): string;
  ga(opts?: MintOptions): string;
}

interface EnvOptions {
  /** Keys published beside K_T and K_MSA from the start (built once in beforeAll). */
  extraKeys?: (base: { kT: SigningKey; kMsa: SigningKey; kA: SigningKey }) => Promise<SigningKey[]> | SigningKey[];
}

/** Registers beforeAll/afterAll for the calling file and returns its environment. */
export function useAttackEnv(envOptions: EnvOptions = {}): AttackEnv {
  let state: { server: KeyServer; kT: SigningKey; kMsa: SigningKey; kA: SigningKey; extra: SigningKey[]; guard: EntraGuard } | undefined;
  const guards: EntraGuard[] = [];
  const s = () => state ?? expect.fail('attack env used before beforeAll');
  // Every URL any guard fetched; checked after each test (catalogue §1: no request to a host,
  // or a path, that is not the configured authority's).
  const outbound: string[] = [];
  const recordingFetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    outbound.push(input instanceof Request ? input.url : String(input));
    return s().server.fetch(input, init);
  }) as typeof fetch;

  async function makeGuard(overrides: Partial<EntraGuardOptions> = {}): Promise<EntraGuard> {
    const { server } = s();
    const guard = createEntraGuard({
      clientId: C,
      tenancy: { mode: 'single', tenantId: T },
      cloud: { authorityHost: server.origin },
      fetch: recordingFetch,
      now: () => NOW_MS,
      ...overrides,
    });
    guards.push(guard);
    await guard.ready();
    return guard;
  }

  beforeAll(async () => {
    const [[kT, kA], kMsa] = await Promise.all([
      createSigningKeys(2),
      createSigningKey({ issuer: `{origin}/${MSA}/v2.0` }),
    ]);
    if (!kT || !kA) throw new Error('key generation failed');
    const extra = (await envOptions.extraKeys?.({ kT, kMsa, kA })) ?? [];
    const server = await startKeyServer({ keys: [kT, kMsa, ...extra] });
    state = { server, kT, kMsa, kA, extra, guard: undefined as unknown as EntraGuard };
    state.guard = await makeGuard();
  });

  afterEach(() => {
    const allowed = configuredUrls(state?.server.origin ?? '', [T, 'organizations', 'common']);
    const stray = outbound.filter((url) => !allowed.has(url));
    outbound.length = 0;
    expect(stray, 'outbound requests outside the configured authority').toEqual([]);
  });

  afterAll(async () => {
    for (const guard of guards) guard.close();
    await state?.server.close();
  });

  const parts = (opts: MintOptions = {}): TokenParts =>
    accessTokenParts({ key: s().kT, issuerOrigin: s().server.origin, tenantId: T, audience: C, now: NOW, ...opts });
  const sign = (header: object | string, payload: object | string, key?: SigningKey): string => signJwt(header, payload, key ?? s().kT);
  const mint = (opts: MintOptions = {}): string => {
    const p = parts(opts);
    return sign(p.header, p.payload, opts.key);
  };

  return {
    get server() { return s().server; },
    get kT() { return s().kT; },
    get kMsa() { return s().kMsa; },
    get kA() { return s().kA; },
    get extra() { return s().extra; },
    get guard() { return s().guard; },
    makeGuard,
    parts,
    mint,
    forge: (opts = {}) => {
      const p = parts(opts);
      return sign(p.header, p.payload, s().kA);
    },
    sign,
    g2: (opts = {}) => mint(opts),
    g1: (opts = {}) => mint({ version: '1.0', audience: `api://${C}`, ...opts }),
    ga: (opts = {}) => mint({ kind: 'app', roles: ['Orders.Read.All'], ...opts }),
  };
}

/** The discovery and key URLs of the given authority segments: all a guard may ever fetch. */
function configuredUrls(origin: string, segments: readonly string[]): Set<string> {
  return new Set(
    segments.flatMap((seg) => [
      `${origin}/${seg}/v2.0/.well-known/openid-configuration`,
      `${origin}/${seg}/.well-known/openid-configuration`,
      `${origin}/${seg}/discovery/v2.0/keys`,
    ]),
  );
}

/** Asserts every request the server saw since `clearRequests()` went to the configured authority. */
export function expectOnlyConfiguredRequests(server: KeyServer, segment: string): void {
  const allowed = configuredUrls('', [segment]);
  for (const r of server.requests) expect(allowed, `unexpected request ${r.path}`).toContain(r.path);
}

/** A `SigningKey` whose published JWK is exactly `jwk`, signing with `like`'s private key. */
export function publishedAs(like: SigningKey, jwk: Record<string, unknown>): SigningKey {
  return { kid: String(jwk.kid), privateKey: like.privateKey, publicKey: like.publicKey, jwk };
}

/** A token with raw bytes as header and payload, signed RS256 by `key` unless `signature` is given. */
export function signRaw(header: Buffer | string, payload: Buffer | string, key: SigningKey, signature?: string): string {
  const input = `${Buffer.from(header).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${signature ?? signRs256(input, key)}`;
}

export * from './assertions.js';
