// Microsoft's key-caching algorithm (DESIGN.md §5), end to end against a local HTTPS key server:
// cold start, rotation and retirement, the unknown-kid cooldown, single-flight, and the
// background refresh. The fake clock drives key ages and cooldowns; only the background timer
// is real.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSigningKeys, type SigningKey } from '@entra-guard/test-support';
import { expectRefused, keyFetches, outcome, randomKid, sleep, T, useKeyEnv, V1_DISCOVERY, V2_DISCOVERY, V2_KEYS } from './setup.js';

const [k1, k2, k3] = (await createSigningKeys(3)) as [SigningKey, SigningKey, SigningKey];
const env = useKeyEnv();

describe('cold start', () => {
  it('the first validation fetches v2 discovery, v1 discovery and the v2 keys exactly once; the next needs no fetch', async () => {
    const e = await env([k1]);
    const guard = e.guard();
    expect(e.server.requests).toHaveLength(0); // nothing is fetched at construction
    await expect(guard.validateToken(e.token(k1))).resolves.toMatchObject({ tenantId: T });
    expect(e.server.countRequests(V2_DISCOVERY)).toBe(1);
    expect(e.server.countRequests(V1_DISCOVERY)).toBe(1);
    expect(e.server.countRequests(V2_KEYS)).toBe(1);
    expect(e.server.requests).toHaveLength(3);
    await guard.validateToken(e.token(k1));
    expect(e.server.requests).toHaveLength(3);
  });

  it('v1 discovery is never fetched when only v2 tokens are accepted', async () => {
    const e = await env([k1]);
    await e.guard({ acceptedVersions: ['2.0'] }).validateToken(e.token(k1));
    expect(e.server.requests.map((r) => r.path).sort()).toEqual([V2_KEYS, V2_DISCOVERY].sort());
  });

  it('ready() warms the cache: validations afterwards make no request', async () => {
    const e = await env([k1]);
    const guard = e.guard();
    await guard.ready();
    expect(e.server.requests).toHaveLength(3);
    await guard.ready(); // already warm: nothing more
    for (let i = 0; i < 5; i++) await guard.validateToken(e.token(k1));
    expect(e.server.requests).toHaveLength(3);
  });

  it('row 115: 200 concurrent cold validations share one discovery fetch and one key-set fetch', async () => {
    const e = await env([k1]);
    const guard = e.guard();
    const tokens = Array.from({ length: 200 }, () => e.token(k1));
    const results = await Promise.all(tokens.map((t) => outcome(guard.validateToken(t))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(200);
    expect(e.server.countRequests(V2_DISCOVERY)).toBe(1);
    expect(e.server.countRequests(V1_DISCOVERY)).toBe(1);
    expect(keyFetches(e)).toBe(1);
  });
});

describe('rotation and retirement (row 116)', () => {
  it('a new key costs one key-set fetch; a removed key is merged, not replaced, until maxStaleMs after it was last seen', async () => {
    const maxStaleMs = 60 * 60_000;
    const e = await env([k1]);
    const guard = e.guard({ keys: { maxStaleMs, unknownKidCooldownMs: 60_000 } });
    await guard.ready();

    e.server.setKeys([k1, k2]);
    e.clock.advance(1_000);
    await guard.validateToken(e.token(k2));
    expect(keyFetches(e)).toBe(2); // startup + exactly one for the new kid
    expect(e.server.countRequests(V2_DISCOVERY)).toBe(1); // an unknown kid re-reads only the key set
    await guard.validateToken(e.token(k1));
    await guard.validateToken(e.token(k2));
    const lastSeenK1 = e.clock.now;

    e.server.setKeys([k2]); // K1 retired on the server
    e.clock.advance(120_000);
    await expectRefused(guard.validateToken(e.forged()), 'EG_KEY_NOT_FOUND', 401); // forces a refresh without K1
    expect(keyFetches(e)).toBe(3);
    await guard.validateToken(e.token(k1)); // merged, not replaced: still within maxStaleMs of the last fetch that held it
    e.clock.now = lastSeenK1 + maxStaleMs - 1_000;
    await guard.validateToken(e.token(k1));
    await guard.validateToken(e.token(k2));
    expect(keyFetches(e)).toBe(3);

    e.clock.now = lastSeenK1 + maxStaleMs + 1_000;
    await expectRefused(guard.validateToken(e.token(k1)), 'EG_KEY_NOT_FOUND', 401);
    expect(keyFetches(e)).toBe(4); // the refusal followed a refresh
    await guard.validateToken(e.token(k2));
    await expectRefused(guard.validateToken(e.token(k1)), 'EG_KEY_NOT_FOUND', 401);
  });

  it('a key that is still published is renewed by the refresh, not refused, once maxStaleMs passes', async () => {
    const e = await env([k1]);
    const guard = e.guard({ keys: { maxStaleMs: 60_000, unknownKidCooldownMs: 10_000 } });
    await guard.ready();
    e.clock.advance(120_000);
    await expect(guard.validateToken(e.token(k1))).resolves.toBeDefined();
    expect(keyFetches(e)).toBe(2);
  });

  it('a stale but still-published key is refreshed even when a failed refresh used up the unknown-kid cooldown (never a 401 for a good token)', async () => {
    const e = await env([k1]);
    const guard = e.guard({ keys: { maxStaleMs: 60_000, unknownKidCooldownMs: 30_000 } });
    await guard.ready();
    e.server.setFault('all', { kind: 'status', status: 500 });
    e.clock.advance(50_000);
    await expectRefused(guard.validateToken(e.forged()), 'EG_KEY_NOT_FOUND', 401); // a failed refresh starts the cooldown
    e.server.setFault('all', null); // the server is back
    e.clock.advance(11_000); // K1 is now stale, the cooldown still runs
    await expect(guard.validateToken(e.token(k1))).resolves.toBeDefined();
  });

  it('RemoteKeyCache: the retired kid leaves the cache only when it is stale', async () => {
    const e = await env([k1, k2]);
    const cache = e.cache({ maxStaleMs: 60_000 });
    await cache.ready();
    expect(cache.kids.sort()).toEqual([k1.kid, k2.kid].sort());
    e.server.setKeys([k2, k3]);
    e.clock.advance(30_000);
    await cache.refresh('background');
    expect(cache.kids.sort()).toEqual([k1.kid, k2.kid, k3.kid].sort());
    e.clock.advance(31_000);
    await cache.refresh('background');
    expect(cache.kids.sort()).toEqual([k2.kid, k3.kid].sort());
  });
});

describe('unknown kid (rows 46, 113, 114)', () => {
  it('50 random kids: all 401 EG_KEY_NOT_FOUND, at most one key-set fetch per cooldown, good tokens keep passing', async () => {
    const cooldown = 300_000;
    const e = await env([k1]);
    const guard = e.guard({ keys: { unknownKidCooldownMs: cooldown } });
    await guard.ready();
    const before = keyFetches(e);

    for (let i = 0; i < 50; i++) {
      await expectRefused(guard.validateToken(e.forged()), 'EG_KEY_NOT_FOUND', 401);
      await expect(guard.validateToken(e.token(k1))).resolves.toBeDefined(); // the limiter never locks out a known key
      e.clock.advance(1_000);
    }
    expect(keyFetches(e) - before).toBeLessThanOrEqual(1);

    e.clock.advance(cooldown); // past the cooldown: one more fetch is allowed, and only one
    const second = keyFetches(e);
    const results = await Promise.all(Array.from({ length: 50 }, () => outcome(guard.validateToken(e.forged()))));
    expect(new Set(results)).toEqual(new Set(['EG_KEY_NOT_FOUND']));
    expect(keyFetches(e) - second).toBe(1);
    await expect(guard.validateToken(e.token(k1))).resolves.toBeDefined();
  });

  it('row 114: a flood of random kids neither grows the cache nor evicts the good key', async () => {
    const e = await env([k1]);
    const cache = e.cache({ unknownKidCooldownMs: 1_000 });
    await cache.ready();
    for (let i = 0; i < 50; i++) {
      await expect(cache.resolve({ kid: randomKid(), x5t: undefined })).rejects.toMatchObject({ code: 'EG_KEY_NOT_FOUND' });
      e.clock.advance(1_500); // every one of them is allowed a refresh here
    }
    expect(cache.kids).toEqual([k1.kid]);
    expect(cache.find({ kid: k1.kid, x5t: undefined })).toBeDefined();
  });
});

describe('single-flight (row 115)', () => {
  it('200 concurrent validations with a newly published kid make exactly one key-set fetch and all pass', async () => {
    const e = await env([k1]);
    const guard = e.guard();
    await guard.ready();
    e.server.setKeys([k1, k2]);
    const before = keyFetches(e);
    const tokens = Array.from({ length: 200 }, () => e.token(k2));
    const results = await Promise.all(tokens.map((t) => outcome(guard.validateToken(t))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(200);
    expect(keyFetches(e) - before).toBe(1);
  });
});

describe('background refresh', () => {
  it('refresh("background") re-reads discovery and keys; a key added on the server is then found without an unknown-kid fetch', async () => {
    const e = await env([k1]);
    const cache = e.cache();
    await cache.ready();
    e.server.setKeys([k1, k2]);
    e.server.clearRequests();
    await cache.refresh('background');
    expect(e.server.countRequests(V2_DISCOVERY)).toBe(1);
    expect(keyFetches(e)).toBe(1);
    expect(cache.find({ kid: k2.kid, x5t: undefined })).toBeDefined();
    await cache.resolve({ kid: k2.kid, x5t: undefined });
    expect(keyFetches(e)).toBe(1);
  });

  it('the timer (refreshIntervalMs 1000, ±10 %) picks up a new key; close() stops it', async () => {
    const active = await env([k1]);
    const stopped = await env([k1]);
    const guard = active.guard({ keys: { refreshIntervalMs: 1_000 } });
    const closed = stopped.guard({ keys: { refreshIntervalMs: 1_000 } });
    await Promise.all([guard.ready(), closed.ready()]);
    const started = Date.now();
    closed.close();
    stopped.server.clearRequests();
    active.server.setKeys([k1, k2]);

    await vi.waitFor(() => expect(keyFetches(active)).toBe(2), { timeout: 2_000, interval: 25 });
    await guard.validateToken(active.token(k2));
    expect(keyFetches(active)).toBe(2); // no unknown-kid fetch was needed
    const waited = Date.now() - started;
    if (waited < 1_150) await sleep(1_150 - waited); // past the latest jittered firing (1 100 ms)
    expect(stopped.server.requests).toHaveLength(0);
  });

  describe('schedule', () => {
    afterEach(() => void vi.restoreAllMocks());

    it.each([
      [0, 3_240_000, 54_000],
      [0.5, 3_600_000, 60_000],
      [0.999, 3_959_280, 65_988],
    ])('random %s: next refresh in %s ms after a success, in %s ms (min(interval, 60 s)) after a failure with keys cached', async (random, afterSuccess, afterFailure) => {
      const e = await env([k1]);
      const spy = vi.spyOn(globalThis, 'setTimeout');
      // Only the cache schedules timers this long; undici's own timers are short.
      const delays = (): number[] => spy.mock.calls.map((c) => c[1] ?? 0).filter((ms) => ms >= 50_000);
      const cache = e.cache({}, { random: () => random });
      await cache.ready();
      expect(delays()).toEqual([afterSuccess]);
      spy.mockClear();
      e.server.setFault('keys', { kind: 'status', status: 500 });
      await expect(cache.refresh('background')).rejects.toThrow();
      expect(delays()).toEqual([afterFailure]);
    });
  });
});
