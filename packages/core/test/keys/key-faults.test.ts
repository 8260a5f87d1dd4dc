// Attack catalogue §9 (rows 117–125, 130): the key server misbehaves and the validator must stay
// safe: 503 with Retry-After when nothing is cached, the last known good keys when something is,
// bounded waits, no redirects, no foreign or tenant-derived URLs, and no crash.
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntraGuard } from '@entra-guard/core';
import { accessTokenParts, b64u, createSigningKeys, type Fault, type FaultTarget, type SigningKey } from '@entra-guard/test-support';
import { C, expectRefused, expectUnavailable, garbageKeySets, keyFetches, MARKER, outcome, row122Keys, randomTenant, sleep, T, useKeyEnv, V2_KEYS, X, type FetchInput, type KeyEnv } from './setup.js';

const [k1, k2, k3] = (await createSigningKeys(3)) as [SigningKey, SigningKey, SigningKey];
const { unusable, usable } = await row122Keys(k3);
const env = useKeyEnv();

const GARBAGE = garbageKeySets(k1);

describe('cold failures → 503 with Retry-After (rows 117–121)', () => {
  const faults: [string, FaultTarget, Fault][] = [
    ['discovery HTTP 500', 'discovery', { kind: 'status', status: 500, body: MARKER }],
    ['keys HTTP 500', 'keys', { kind: 'status', status: 500, body: MARKER }],
    ['keys HTTP 404', 'keys', { kind: 'status', status: 404 }],
    ['socket destroyed', 'all', { kind: 'destroy' }],
    ['discovery redirect 302', 'discovery', { kind: 'redirect', location: '/elsewhere' }],
    ['keys redirect 302', 'keys', { kind: 'redirect', location: '/elsewhere' }],
    ['keys body of 5 MB (huge)', 'keys', { kind: 'huge', bytes: 5 * 1024 * 1024 }],
    ['discovery body of 5 MB (huge)', 'discovery', { kind: 'huge', bytes: 5 * 1024 * 1024 }],
  ];

  it.each(faults)('%s', async (_name, target, fault) => {
    const e = await env([k1]);
    const resolved = fault.kind === 'redirect' ? { ...fault, location: `${e.server.origin}${fault.location}` } : fault;
    e.server.setFault(target, resolved);
    await expectUnavailable(e.guard().validateToken(e.token(k1)));
    expect(e.server.countRequests('/elsewhere')).toBe(0); // row 121: redirects are never followed
  });

  it('ECONNREFUSED (server closed before the first fetch); ready() rejects the same way', async () => {
    const e = await env([k1]);
    const guard = e.guard();
    await e.server.close();
    await expectUnavailable(guard.ready());
    await expectUnavailable(guard.validateToken(e.token(k1)));
  });

  it.each(GARBAGE)('row 119: key set body %s', async (_name, body) => {
    const e = await env([k1]);
    e.server.setRawKeysBody(body);
    await expectUnavailable(e.guard().validateToken(e.token(k1)));
  });

  it('row 120: 10 000 keys (> maxKeys 100) with the good key among them; a real key set over maxBodyBytes', async () => {
    const e = await env([k1]);
    const junk = Array.from({ length: 9_999 }, (_, i) => ({ kty: 'RSA', kid: `junk-${i}` }));
    e.server.setRawKeysBody(JSON.stringify({ keys: [...junk, { ...k1.jwk, issuer: `${e.server.origin}/{tenantid}/v2.0` }] }));
    await expectUnavailable(e.guard().validateToken(e.token(k1)));
    const big = await env([k1, k2]); // two Entra-shaped keys with x5c are well over 1 KiB
    await expectUnavailable(big.guard({ keys: { maxBodyBytes: 1024 } }).validateToken(big.token(k1)));
  });

  it('after a cold failure requests fail fast without fetching for the backoff, then retry', async () => {
    const e = await env([k1]);
    const guard = e.guard();
    e.server.setFault('keys', { kind: 'status', status: 500 });
    await expectUnavailable(guard.validateToken(e.token(k1)));
    const seen = e.server.requests.length;
    for (let i = 0; i < 10; i++) await expectUnavailable(guard.validateToken(e.token(k1)));
    e.clock.advance(4_000);
    await expectUnavailable(guard.validateToken(e.token(k1)));
    expect(e.server.requests.length).toBe(seen);
    e.server.setFault('keys', null);
    e.clock.advance(1_500);
    await expect(guard.validateToken(e.token(k1))).resolves.toBeDefined();
    expect(keyFetches(e)).toBe(2);
  });
});

describe('last known good (rows 117, 119–121)', () => {
  async function warm(): Promise<{ e: KeyEnv; guard: EntraGuard }> {
    const e = await env([k1]);
    const guard = e.guard({ keys: { unknownKidCooldownMs: 0, timeoutMs: 1_000 } });
    await guard.ready();
    return { e, guard };
  }

  async function expectLastKnownGood(e: KeyEnv, guard: EntraGuard): Promise<void> {
    await expect(guard.validateToken(e.token(k1))).resolves.toBeDefined();
    await expectRefused(guard.validateToken(e.token(k2)), 'EG_KEY_NOT_FOUND', 401); // not 503
    await expect(guard.validateToken(e.token(k1))).resolves.toBeDefined();
  }

  it.each<[string, Fault]>([
    ['HTTP 500', { kind: 'status', status: 500 }],
    ['socket destroyed', { kind: 'destroy' }],
    ['redirect 302', { kind: 'redirect', location: 'https://attacker.example/jwks' }],
    ['huge body', { kind: 'huge', bytes: 5 * 1024 * 1024 }],
  ])('keys endpoint %s: good tokens pass, an unknown kid is 401', async (_name, fault) => {
    const { e, guard } = await warm();
    e.server.setKeys([k1, k2]);
    e.server.setFault('all', fault);
    await expectLastKnownGood(e, guard);
    expect(e.urls.every((u) => u.startsWith(`${e.server.origin}/`))).toBe(true);
  });

  it('server closed (ECONNREFUSED): good tokens pass, an unknown kid is 401', async () => {
    const { e, guard } = await warm();
    await e.server.close();
    await expectLastKnownGood(e, guard);
  });

  it.each(GARBAGE)('garbage key set %s keeps the cached keys', async (_name, body) => {
    const { e, guard } = await warm();
    e.server.setRawKeysBody(body);
    await expectLastKnownGood(e, guard);
  });

  it('row 117: once the last known good keys are older than maxStaleMs with the server still down, a good token gets 503, never 401', async () => {
    const e = await env([k1]);
    const guard = e.guard({ keys: { maxStaleMs: 60_000, unknownKidCooldownMs: 1_000 } });
    await guard.ready();
    e.server.setFault('all', { kind: 'status', status: 500 });
    e.clock.advance(61_000);
    await expectUnavailable(guard.validateToken(e.token(k1)));
    await expectUnavailable(guard.validateToken(e.token(k1)));
  });
});

describe('slowloris (row 118)', () => {
  it.each<[FaultTarget]>([['keys'], ['discovery']])('%s endpoint hangs: 20 concurrent cold validations settle within timeoutMs + margin', async (target) => {
    const e = await env([k1]);
    const guard = e.guard({ keys: { timeoutMs: 300 } });
    e.server.setFault(target, { kind: 'hang' });
    const started = Date.now();
    await Promise.all(Array.from({ length: 20 }, () => expectUnavailable(guard.validateToken(e.token(k1)))));
    expect(Date.now() - started).toBeLessThan(300 + 700);
  });

  it('warm: while an unknown-kid fetch hangs, known keys pass at once and the unknown kid is 401 after the timeout', async () => {
    const e = await env([k1]);
    const guard = e.guard({ keys: { timeoutMs: 300 } });
    await guard.ready();
    e.server.setFault('keys', { kind: 'hang' });
    const [unknownToken, goodToken] = [e.token(k2), e.token(k1)];
    const started = Date.now();
    const unknown = outcome(guard.validateToken(unknownToken));
    await expect(guard.validateToken(goodToken)).resolves.toBeDefined();
    expect(Date.now() - started).toBeLessThan(250); // did not wait for the hung fetch (timeout 300)
    expect(await unknown).toBe('EG_KEY_NOT_FOUND');
    expect(Date.now() - started).toBeLessThan(300 + 700);
  });
});

describe('tampered discovery (row 123)', () => {
  const cases: [string, (origin: string) => Record<string, unknown>][] = [
    ['issuer of another tenant', (o) => ({ issuer: `${o}/${X}/v2.0` })],
    ['issuer on another host', () => ({ issuer: `https://attacker.example/${T}/v2.0` })],
    ['issuer template instead of the tenant', (o) => ({ issuer: `${o}/{tenantid}/v2.0` })],
    ['jwks_uri on another host', () => ({ jwks_uri: 'https://attacker.example/keys' })],
    ['jwks_uri on the metadata address', () => ({ jwks_uri: 'https://169.254.169.254/latest/keys' })],
    ['jwks_uri over http://', (o) => ({ jwks_uri: `${o.replace('https:', 'http:')}${V2_KEYS}` })],
    ['jwks_uri on another port', () => ({ jwks_uri: `https://127.0.0.1:1${V2_KEYS}` })],
    ['jwks_uri missing', () => ({ jwks_uri: undefined })],
  ];
  const docFor = (o: string, patch: Record<string, unknown>): Record<string, unknown> => ({
    ...{ issuer: `${o}/${T}/v2.0`, jwks_uri: `${o}${V2_KEYS}`, id_token_signing_alg_values_supported: ['RS256'] },
    ...patch,
  });

  it.each(cases)('%s → 503, and the foreign jwks_uri is never fetched', async (_name, patch) => {
    const e = await env([k1]);
    e.server.overrideDiscovery('2.0', docFor(e.server.origin, patch(e.server.origin)));
    await expectUnavailable(e.guard().validateToken(e.token(k1)));
    expect(e.urls.every((u) => u.startsWith(`${e.server.origin}/`))).toBe(true);
    expect(keyFetches(e)).toBe(0);
  });

  it('warm: a tampered document on the background refresh keeps the cached keys and issuers', async () => {
    const e = await env([k1]);
    const cache = e.cache();
    await cache.ready();
    const issuers = cache.issuers();
    e.server.overrideDiscovery('2.0', docFor(e.server.origin, { jwks_uri: 'https://attacker.example/keys' }));
    await expect(cache.refresh('background')).rejects.toThrow();
    expect(e.urls.some((u) => u.includes('attacker'))).toBe(false);
    expect(cache.find({ kid: k1.kid, x5t: undefined })).toBeDefined();
    expect(cache.issuers()).toEqual(issuers);
  });

  it('id_token_signing_alg_values_supported ["none","HS256"] does not widen the algorithms: RS256 only', async () => {
    const e = await env([k1]);
    e.server.overrideDiscovery('2.0', docFor(e.server.origin, { id_token_signing_alg_values_supported: ['none', 'HS256'] }));
    const guard = e.guard();
    await expect(guard.validateToken(e.token(k1))).resolves.toBeDefined();
    const { header, payload } = accessTokenParts({ key: k1, issuerOrigin: e.server.origin, tenantId: T, audience: C, now: Math.floor(e.clock.now / 1000) });
    const input = (alg: string): string => `${b64u({ ...header, alg })}.${b64u(payload)}`;
    const hs = `${input('HS256')}.${createHmac('sha256', String(k1.jwk.n)).update(input('HS256')).digest('base64url')}`;
    await expectRefused(guard.validateToken(hs), 'EG_TOKEN_ALG_REFUSED', 401);
    await expectRefused(guard.validateToken(`${input('none')}.`), 'EG_TOKEN_ALG_REFUSED', 401);
  });
});

describe('keys with the wrong use/kty/key_ops/alg are skipped (row 122)', () => {
  it('tokens naming an unusable key are 401; usable keys pass; only usable kids are cached', async () => {
    const e = await env([k1, ...unusable, ...usable]);
    const guard = e.guard({ keys: { unknownKidCooldownMs: 0 } });
    for (const key of unusable) await expectRefused(guard.validateToken(e.token(key)), 'EG_KEY_NOT_FOUND', 401);
    for (const key of [k1, ...usable]) await expect(guard.validateToken(e.token(key))).resolves.toBeDefined();
    const cache = e.cache();
    await cache.ready();
    expect(cache.kids.sort()).toEqual([k1, ...usable].map((k) => k.kid).sort());
  });

  it('a set of only unusable keys: cold → 503, warm → last known good', async () => {
    const cold = await env(unusable);
    await expectUnavailable(cold.guard().validateToken(cold.token(unusable[0]!)));
    const e = await env([k1]);
    const guard = e.guard();
    await guard.ready();
    e.server.setKeys(unusable);
    await expectRefused(guard.validateToken(e.token(unusable[0]!)), 'EG_KEY_NOT_FOUND', 401);
    await expect(guard.validateToken(e.token(k1))).resolves.toBeDefined();
  });
});

describe('per-tenant explosion and token-derived URLs (rows 124, 125)', () => {
  it('1 000 forged tokens with random tids (and foreign iss) fetch nothing but the organizations metadata', async () => {
    const e = await env([k1]);
    const guard = e.guard({ tenancy: { mode: 'multi', allowedTenants: [T] }, keys: { unknownKidCooldownMs: 0 } });
    const tokens: string[] = [];
    for (let i = 0; i < 400; i++) tokens.push(e.forged(undefined, { tid: randomTenant() }));
    for (let i = 0; i < 400; i++) tokens.push(e.forged(k1.kid, { tid: randomTenant() }));
    for (let i = 0; i < 150; i++) tokens.push(e.token(k1, { tenantId: randomTenant() }));
    for (const iss of ['https://attacker.example/', 'http://169.254.169.254/latest/', `${e.server.origin}/../../x/v2.0`]) {
      for (let i = 0; i < 16; i++) tokens.push(e.token(k1, { claims: { iss, tid: i % 2 ? 'attacker.example#' : randomTenant() } }));
    }
    tokens.push(e.token(k1, { claims: { tid: '../../x' } }), e.token(k1, { claims: { tid: 'attacker.example#' } }));
    const results = await Promise.all(tokens.map((t) => outcome(guard.validateToken(t))));
    expect(results).toHaveLength(1_000);
    expect(results.filter((r) => r === 'ok')).toEqual([]);
    expect(results.some((r) => r.startsWith('non-entra-guard'))).toBe(false);
    await expect(guard.validateToken(e.token(k1))).resolves.toBeDefined();
    expect(e.server.requests.map((r) => r.path).filter((p) => !p.startsWith('/organizations/'))).toEqual([]);
    expect(e.urls.every((u) => u.startsWith(`${e.server.origin}/organizations/`))).toBe(true);
  });
});

describe('crash on key-lookup errors (row 130)', () => {
  let unhandled: unknown[] = [];
  const listener = (reason: unknown): void => void unhandled.push(reason);
  beforeEach(() => {
    unhandled = [];
    process.on('unhandledRejection', listener);
  });
  afterEach(async () => {
    await sleep(20);
    process.off('unhandledRejection', listener);
    expect(unhandled).toEqual([]);
  });

  const throwing = (value: unknown) => (): never => { throw value; };
  const broken: [string, () => typeof fetch][] = [
    ['throws synchronously', () => throwing(new Error('boom')) as typeof fetch],
    ['returns a rejected promise', () => (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch],
    ['throws a non-Error', () => throwing('boom') as typeof fetch],
    ['resolves to undefined', () => (() => Promise.resolve(undefined)) as unknown as typeof fetch],
  ];

  it.each(broken)('fetch %s: cold → 503; warm → good 200, unknown kid 401', async (_name, make) => {
    const e = await env([k1]);
    await expectUnavailable(e.guard({ fetch: make() }).validateToken(e.token(k1)));
    let calls = 0;
    const bad = make();
    const flaky = ((input: FetchInput, init?: RequestInit) => (++calls <= 3 ? e.fetch(input, init) : bad(input, init))) as typeof fetch;
    const guard = e.guard({ fetch: flaky, keys: { unknownKidCooldownMs: 0 } });
    await guard.ready();
    await expectRefused(guard.validateToken(e.token(k2)), 'EG_KEY_NOT_FOUND', 401);
    await expect(guard.validateToken(e.token(k1))).resolves.toBeDefined();
    expect(calls).toBe(4);
  });

  it('an unknown kid arriving while a key-set fetch is pending waits for it, no second fetch', async () => {
    const e = await env([k1]);
    const guard = e.guard({ keys: { unknownKidCooldownMs: 0 } });
    await guard.ready();
    e.server.setFault('keys', { kind: 'delay', ms: 200 });
    const results = await Promise.all([e.token(k2), e.forged(), e.forged()].map((t) => outcome(guard.validateToken(t))));
    expect(results).toEqual(['EG_KEY_NOT_FOUND', 'EG_KEY_NOT_FOUND', 'EG_KEY_NOT_FOUND']);
    expect(keyFetches(e)).toBe(2);
  });

  // A fetch that never settles and ignores its AbortSignal (a custom wrapper, a proxy agent):
  // timeoutMs must still bound the validation, and must not wedge every later refresh.
  const stuck = (() => new Promise<Response>(() => undefined)) as typeof fetch;
  const within = (p: Promise<string>, ms: number): Promise<string> => Promise.race([p, sleep(ms).then(() => `pending after ${ms} ms`)]);

  it('row 118: cold, a fetch that ignores the abort signal and never settles is still bounded by timeoutMs', async () => {
    const e = await env([k1]);
    const guard = e.guard({ fetch: stuck, keys: { timeoutMs: 300 } });
    expect(await within(outcome(guard.validateToken(e.token(k1))), 650)).toBe('EG_KEYS_UNAVAILABLE');
  });

  it('row 118: warm, a never-settling fetch bounds the unknown kid by timeoutMs and does not block later refreshes', async () => {
    const e = await env([k1]);
    let hang = false;
    const sometimes = ((input: FetchInput, init?: RequestInit) => (hang ? stuck(input, init) : e.fetch(input, init))) as typeof fetch;
    const guard = e.guard({ fetch: sometimes, keys: { timeoutMs: 300, unknownKidCooldownMs: 0 } });
    await guard.ready();
    e.server.setKeys([k1, k2]);
    hang = true;
    expect.soft(await within(outcome(guard.validateToken(e.forged())), 650)).toBe('EG_KEY_NOT_FOUND');
    hang = false;
    expect(await within(outcome(guard.validateToken(e.token(k2))), 650)).toBe('ok');
  });
});
