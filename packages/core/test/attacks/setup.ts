// Shared set-up for the attack-catalogue integration tests (shared/reference/attack-catalogue.md).
// Each test file gets one real HTTPS Entra-shaped key server, the catalogue's keys (K_T, K_MSA,
// K_A), a fixed clock, and guards that fetch their keys from that server.
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  createEntraGuard,
  ERROR_CODES,
  isEntraGuardError,
  PERSONAL_ACCOUNT_TENANT,
  toHttpResponse,
  type EntraGuard,
  type EntraGuardOptions,
  type ErrorCode,
  type Principal,
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

// ---------------------------------------------------------------------------------------------
// Universal assertions (catalogue §1): refused with the right code, and nothing leaks.

function decodeJsonSegment(segment: string | undefined): unknown {
  if (segment === undefined || segment.length === 0 || segment.length > 20_000) return undefined;
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function collectValues(value: unknown, out: string[], depth = 0): void {
  if (depth > 16) return;
  if (typeof value === 'string' && value.length >= 6) out.push(value);
  else if (typeof value === 'number' && String(value).length >= 6) out.push(String(value));
  else if (Array.isArray(value)) value.slice(0, 50).forEach((v) => collectValues(v, out, depth + 1));
  else if (typeof value === 'object' && value !== null) Object.values(value).slice(0, 100).forEach((v) => collectValues(v, out, depth + 1));
}

/** Everything a response about `token` must not contain. */
function forbiddenStrings(guard: EntraGuard, token: string, extra: readonly string[]): string[] {
  const out = [token, ...extra, T, T2, X, MSA, C];
  const segments = token.split('.');
  for (const seg of segments) if (seg.length >= 8) out.push(seg);
  const header = decodeJsonSegment(segments[0]);
  if (typeof header === 'object' && header !== null) {
    for (const name of ['kid', 'x5t', 'jku', 'x5u']) {
      const v = (header as Record<string, unknown>)[name];
      if (typeof v === 'string' && v.length >= 3) out.push(v);
    }
  }
  collectValues(header, out);
  collectValues(decodeJsonSegment(segments[1]), out);
  const o = guard.options;
  out.push(o.clientId, ...o.audiences, o.cloud.authorityHost, o.cloud.v2IssuerOrigin);
  if (o.tenancy.mode === 'single') out.push(o.tenancy.tenantId);
  if (o.tenancy.mode === 'multi') out.push(...o.tenancy.tenants);
  return out;
}

const STACK_OR_LIBRARY = /\n\s+at\s|\bat\s+\S+\s+\(|\.[cm]?[jt]s:\d+|node:internal|ERR_|IDX|SyntaxError|TypeError|RangeError/;

/** Asserts what the catalogue's universal rule asks of any response to a refused token. */
export function expectNoLeak(guard: EntraGuard, err: unknown, token: string, extraSecrets: readonly string[] = []): void {
  const res = toHttpResponse(err);
  const text = `${JSON.stringify(res.headers)}\n${JSON.stringify(res.body)}`;
  expect(text).not.toMatch(STACK_OR_LIBRARY);
  for (const value of Object.values(res.headers)) expect(value).not.toMatch(/[\r\n]/);
  for (const secret of forbiddenStrings(guard, token, extraSecrets)) {
    expect(text.includes(secret), `response leaks ${JSON.stringify(secret.slice(0, 80))}`).toBe(false);
  }
}

export interface Rejection {
  readonly error: { code: ErrorCode; status: number; detail: string; message: string };
  readonly ms: number;
}

/**
 * Validates `token` and asserts it is refused with `code` (or one of `code`), mapped by
 * toHttpResponse to the code's status (401 unless the code says otherwise) with the code's
 * challenge and fixed text, leaking nothing. Returns the error and how long validation took.
 */
export async function expectRejected(
  guard: EntraGuard,
  token: string,
  code: ErrorCode | readonly ErrorCode[],
  extraSecrets: readonly string[] = [],
): Promise<Rejection> {
  const started = performance.now();
  const outcome = await guard.validateToken(token).then(
    (principal) => ({ accepted: true as const, principal }),
    (error: unknown) => ({ accepted: false as const, error }),
  );
  const ms = performance.now() - started;
  if (outcome.accepted) return expect.fail(`token was ACCEPTED (expected ${String(code)}); principal kind ${outcome.principal.kind}`);
  const err = outcome.error;
  if (!isEntraGuardError(err)) return expect.fail(`rejected with a non-EntraGuardError: ${String(err)}`);
  const codes: readonly ErrorCode[] = typeof code === 'string' ? [code as ErrorCode] : (code as readonly ErrorCode[]);
  expect(codes, `observed ${err.code} (${err.detail})`).toContain(err.code);
  const info = ERROR_CODES[err.code];
  expect(err.status).toBe(info.status);
  expect(err.message).toBe(info.description);
  const res = toHttpResponse(err);
  expect(res.status).toBe(info.status);
  expect([401, 403]).toContain(res.status);
  expect(res.body.code).toBe(err.code);
  expect(res.body.detail).toBe(info.description);
  // err.detail is for logs (docs/errors.md: "log it"): no control characters, so no log injection.
  const control = [...err.detail].filter((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
  expect(control, `err.detail carries control characters: ${JSON.stringify(err.detail)}`).toEqual([]);
  if (info.challenge !== 'none') expect(res.headers['www-authenticate']).toContain(`error="${info.challenge}"`);
  expectNoLeak(guard, err, token, extraSecrets);
  return { error: err, ms };
}

/** Validates a token that must be accepted; on refusal, fails with the private reason. */
export async function expectAccepted(guard: EntraGuard, token: string): Promise<Principal> {
  try {
    return await guard.validateToken(token);
  } catch (err) {
    const e = err as { code?: string; detail?: string };
    return expect.fail(`good token refused: ${e.code ?? String(err)} (${e.detail ?? ''})`);
  }
}

/** Asserts the principal of one of the catalogue's good tokens. */
export function expectGoodPrincipal(p: Principal, kind: 'user' | 'app', version: '1.0' | '2.0', tenantId = T): void {
  expect(p.kind).toBe(kind);
  expect(p.tenantId).toBe(tenantId);
  expect(p.tokenVersion).toBe(version);
}

/** The three good tokens of the catalogue, for positive controls. */
export async function expectGoodTokensAccepted(env: AttackEnv, guard: EntraGuard = env.guard): Promise<void> {
  expectGoodPrincipal(await expectAccepted(guard, env.g2()), 'user', '2.0');
  expectGoodPrincipal(await expectAccepted(guard, env.g1()), 'user', '1.0');
  const app = await expectAccepted(guard, env.ga());
  expectGoodPrincipal(app, 'app', '2.0');
  expect(app.roles.has('Orders.Read.All')).toBe(true);
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
