// Shared wiring for the key-cache integration tests: a local Entra-shaped HTTPS key server, a
// fake clock that drives token times, key ages and cooldowns, guards that are closed after every
// test, and token minting (good, forged, re-signed) against that server.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, expect } from 'vitest';
import {
  createEntraGuard,
  isEntraGuardError,
  KeysUnavailableError,
  RemoteKeyCache,
  toHttpResponse,
  type EntraGuard,
  type EntraGuardError,
  type EntraGuardOptions,
  type RemoteKeysOptions,
} from '@entra-guard/core';
import {
  accessTokenParts,
  b64u,
  createSigningKey,
  createTestCa,
  createTrustingFetch,
  mintAccessToken,
  startKeyServer,
  TEST_API_CLIENT_ID,
  TEST_TENANT_ID,
  type AccessTokenOptions,
  type KeyServer,
  type SigningKey,
} from '@entra-guard/test-support';

export const T = TEST_TENANT_ID;
export const C = TEST_API_CLIENT_ID;
/** Another tenant, never allowed. */
export const X = '0b8e6f41-93a2-4c7d-8e15-7a2c9d4f6b30';

export const V2_DISCOVERY = `/${T}/v2.0/.well-known/openid-configuration`;
export const V1_DISCOVERY = `/${T}/.well-known/openid-configuration`;
export const V2_KEYS = `/${T}/discovery/v2.0/keys`;
/** Planted in hostile response bodies: it must never reach an error response or an event. */
export const MARKER = 'SECRET-BODY-MARKER';

/** A mutable clock in ms; the guard reads it for token times, key ages and cooldowns. */
export interface FakeClock {
  now: number;
  advance(ms: number): void;
}

export function fakeClock(start = Math.floor(Date.now() / 1000) * 1000): FakeClock {
  const clock: FakeClock = {
    now: start,
    advance: (ms) => void (clock.now += ms),
  };
  return clock;
}

export type FetchInput = Parameters<typeof fetch>[0];

export type GuardOverrides = Omit<Partial<EntraGuardOptions>, 'keys'> & { keys?: RemoteKeysOptions };

export interface KeyEnv {
  readonly server: KeyServer;
  readonly clock: FakeClock;
  /** Every URL the guard's fetch was asked for, including ones that never reached the server. */
  readonly urls: string[];
  /** The guard's fetch: our own trusting agent (so closing the server gives ECONNREFUSED), recorded. */
  readonly fetch: typeof fetch;
  guard(overrides?: GuardOverrides): EntraGuard;
  /** A RemoteKeyCache on this server and clock (closed after the test). */
  cache(settings?: RemoteKeysOptions, extra?: { tenantId?: string; random?: () => number }): RemoteKeyCache;
  token(key: SigningKey, opts?: Partial<AccessTokenOptions>): string;
  /** A well-formed token with a garbage signature naming `kid` (default: a fresh random kid). */
  forged(kid?: string, claims?: Record<string, unknown>): string;
}

/** Defaults of the remote key options, so RemoteKeyCache can be built directly. */
export function remoteSettings(o: RemoteKeysOptions = {}): ConstructorParameters<typeof RemoteKeyCache>[0]['settings'] {
  return {
    kind: 'remote',
    refreshIntervalMs: o.refreshIntervalMs ?? 3_600_000,
    unknownKidCooldownMs: o.unknownKidCooldownMs ?? 300_000,
    timeoutMs: o.timeoutMs ?? 5_000,
    maxStaleMs: o.maxStaleMs ?? 86_400_000,
    maxBodyBytes: o.maxBodyBytes ?? 1_048_576,
    maxKeys: o.maxKeys ?? 100,
  };
}

export function randomKid(): string {
  return randomBytes(20).toString('base64url');
}

export function randomTenant(): string {
  return randomUUID();
}

/**
 * Registers cleanup (afterEach) and returns a factory for test environments. Call once at the
 * top of a test file.
 */
let ca: ReturnType<typeof createTestCa> | undefined;

export function useKeyEnv(): (keys: SigningKey[]) => Promise<KeyEnv> {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    const pending = cleanups.splice(0).reverse();
    for (const run of pending) await run();
  });

  return async (keys) => {
    // One CA per test file: generating it costs far more than starting a server.
    ca ??= createTestCa();
    const server = await startKeyServer({ keys, ca: await ca });
    const trusting = createTrustingFetch(server.caPem);
    cleanups.push(() => server.close(), () => trusting.close());
    const clock = fakeClock();
    const urls: string[] = [];
    const recorded = ((input: FetchInput, init?: RequestInit) => {
      urls.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      return trusting.fetch(input, init);
    }) as typeof fetch;

    const env: KeyEnv = {
      server,
      clock,
      urls,
      fetch: recorded,
      guard(overrides = {}) {
        const guard = createEntraGuard({
          clientId: C,
          tenancy: { mode: 'single', tenantId: T },
          cloud: { authorityHost: server.origin },
          fetch: recorded,
          now: () => clock.now,
          ...overrides,
        });
        cleanups.push(() => guard.close());
        return guard;
      },
      cache(settings = {}, extra = {}) {
        const cache = new RemoteKeyCache({
          cloud: { name: 'custom', authorityHost: server.origin, v2IssuerOrigin: server.origin, v1IssuerOrigin: 'https://sts.windows.net' },
          tenantId: extra.tenantId ?? T,
          allowPersonalAccounts: false,
          acceptV1: true,
          settings: remoteSettings(settings),
          fetch: recorded,
          clock: () => clock.now,
          ...(extra.random === undefined ? {} : { random: extra.random }),
        });
        cleanups.push(() => cache.close());
        return cache;
      },
      token(key, opts = {}) {
        return mintAccessToken({ key, issuerOrigin: server.origin, tenantId: T, audience: C, now: Math.floor(clock.now / 1000), ...opts });
      },
      forged(kid = randomKid(), claims = {}) {
        const { header, payload } = accessTokenParts({
          key: { kid } as SigningKey,
          issuerOrigin: server.origin,
          tenantId: T,
          audience: C,
          now: Math.floor(clock.now / 1000),
          claims,
        });
        return `${b64u(header)}.${b64u(payload)}.${randomBytes(256).toString('base64url')}`;
      },
    };
    return env;
  };
}

/** The EntraGuardError a promise rejects with (fails the test if it fulfils or throws anything else). */
export async function rejectionOf(promise: Promise<unknown>): Promise<EntraGuardError> {
  const error = await promise.then(
    () => expect.fail('expected the validation to be refused'),
    (e: unknown) => e,
  );
  if (!isEntraGuardError(error)) expect.fail(`expected an EntraGuardError, got ${String(error)}`);
  return error;
}

/** Asserts the refusal code (and its status) of a validation. */
export async function expectRefused(promise: Promise<unknown>, code: string, status?: number): Promise<EntraGuardError> {
  const error = await rejectionOf(promise);
  expect(error.code).toBe(code);
  if (status !== undefined) expect(error.status).toBe(status);
  return error;
}

/** Cold refusal: KeysUnavailableError, 503 with Retry-After, no challenge, nothing specific on the wire. */
export async function expectUnavailable(promise: Promise<unknown>): Promise<void> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(KeysUnavailableError);
  expect(error.code).toBe('EG_KEYS_UNAVAILABLE');
  expect(error.status).toBe(503);
  const http = toHttpResponse(error);
  expect(http.status).toBe(503);
  expect(http.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
  expect(http.headers['www-authenticate']).toBeUndefined();
  expect(http.body.code).toBe('EG_KEYS_UNAVAILABLE');
  const wire = JSON.stringify(http);
  for (const leak of [MARKER, '127.0.0.1', 'attacker', 'keys array', 'HTTP status']) expect(wire).not.toContain(leak);
}

/** `ok`, or the refusal code, for tallying many validations. */
export function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'ok',
    (e: unknown) => (isEntraGuardError(e) ? e.code : `non-entra-guard error: ${String(e)}`),
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Number of key-set requests the server saw (v2 keys endpoint of the configured tenant). */
export function keyFetches(env: KeyEnv): number {
  return env.server.countRequests(V2_KEYS);
}

/** Row 119: 200 responses no key set should ever be built from (one plants MARKER). */
export function garbageKeySets(good: SigningKey): [string, string][] {
  const without = (member: string, extra: Record<string, unknown> = {}): string => {
    const jwk: Record<string, unknown> = { ...good.jwk };
    delete jwk[member];
    return JSON.stringify({ keys: [{ ...jwk, ...extra }] });
  };
  return [
    ...['null', '{}', '{"keys":null}', '{"keys":[null]}', '{"keys":[]}', '{"keys":"x"}', '[{"keys":[]}]'].map((b): [string, string] => [b, b]),
    ['truncated JSON', '{'],
    ['an HTML login page', `<!DOCTYPE html><html><body><form>Sign in ${MARKER}</form></body></html>`],
    ['an RSA key without n', without('n')],
    ['an RSA key with non-base64url e', without('e', { e: '!!not-base64!!' })],
    ['an RSA key with e = 3', without('e', { e: 'Aw' })],
  ];
}

/** Row 122: keys Entra could never publish for RS256 signing, and two unusual ones it could. */
export async function row122Keys(base: SigningKey): Promise<{ unusable: SigningKey[]; usable: SigningKey[] }> {
  // Same key pair under a new kid with edited JWK members: no key generation needed.
  const variant = (name: string, extra: Record<string, unknown>): SigningKey => {
    const jwk: Record<string, unknown> = { ...base.jwk, kid: `${base.kid}-${name}`, ...extra };
    for (const [member, value] of Object.entries(extra)) if (value === undefined) delete jwk[member];
    return { ...base, kid: `${base.kid}-${name}`, jwk };
  };
  const wrong = [{ use: 'enc' }, { key_ops: ['encrypt'] }, { key_ops: [] }, { kty: 'EC' }, { kty: 'oct' }, { alg: 'RS384' }, { alg: 'HS256' }];
  const weak = await Promise.all([createSigningKey({ modulusLength: 1024 }), createSigningKey({ publicExponent: 3 })]);
  return {
    unusable: [...wrong.map((extra, i) => variant(`bad${i}`, extra)), ...weak],
    usable: [variant('ops', { key_ops: ['verify'], alg: 'RS256' }), variant('nouse', { use: undefined })],
  };
}
