// Two API instances sharing revocations through the real Redis at 127.0.0.1:6379: each instance
// is a store with its own ioredis clients and a real guard, tokens are really signed.
import { createHash, randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { EntraGuard } from '@entra-guard/core';
import { TEST_CLIENT_ID, TEST_USER_OID, type SigningKey } from '@entra-guard/test-support';
import { createRedisRevocationStore, REDIS_REVOCATION_CHANNELS, RedisRevocationStore, type RedisRevocationStoreOptions } from '../src/index.js';
import { client, deletePrefix, guardFor, mint, outcome, pong, query, SHARED_REDIS, signingKey, T, uniquePrefix, within, type ClientExtras } from './helpers.js';

let signer: SigningKey;
const clients: Redis[] = [];
const stores: RedisRevocationStore[] = [];
const guards: EntraGuard[] = [];
const prefixes: string[] = [];
let admin: Redis;

interface Instance {
  readonly redis: Redis;
  readonly store: RedisRevocationStore;
  readonly guard: EntraGuard;
}

type StoreExtras = Partial<Omit<RedisRevocationStoreOptions, 'redis'>>;

async function instance(keyPrefix: string, extra: StoreExtras = {}, clientOptions: ClientExtras = {}): Promise<Instance> {
  const redis = client(undefined, clientOptions);
  clients.push(redis);
  const store = await createRedisRevocationStore({ keyPrefix, ...extra, redis });
  stores.push(store);
  const guard = guardFor(store, signer);
  guards.push(guard);
  return { redis, store, guard };
}

async function pair(extra: StoreExtras = {}, clientOptions: ClientExtras = {}): Promise<[Instance, Instance, string]> {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  return [await instance(prefix, extra, clientOptions), await instance(prefix, extra, clientOptions), prefix];
}

const log = (what: string, ms: number): void => console.log(`[timing] ${what}: ${ms.toFixed(2)} ms`);

beforeAll(async () => {
  if (!(await pong(SHARED_REDIS.port))) throw new Error(`no Redis at 127.0.0.1:${SHARED_REDIS.port}: start one (.ci/run does) to run these tests`);
  signer = await signingKey();
  admin = client();
});
afterEach(async () => {
  for (const g of guards.splice(0)) g.close();
  for (const s of stores.splice(0)) await s.close();
  for (const c of clients.splice(0)) c.disconnect();
  for (const p of prefixes.splice(0)) await deletePrefix(admin, p);
});
afterAll(() => admin.disconnect());

describe('propagation between instances', () => {
  it('refuses a user revoked through A on B within 1 s, cache hits included; other users and newer tokens pass', async () => {
    const [a, b] = await pair();
    const other = randomUUID();
    const old = mint(signer, { offset: -1000 }); // iat = now − 1300
    const otherToken = mint(signer, { oid: other, offset: -1000 });
    expect(await outcome(b.guard, old)).toBe('accepted'); // now in B's token cache
    expect(await outcome(b.guard, otherToken)).toBe('accepted');

    const at = Math.floor(Date.now() / 1000) - 500;
    const started = performance.now();
    const write = a.store.revokeUser(T, TEST_USER_OID, at);
    const seen = await within(1000, async () => (await outcome(b.guard, old)) === 'EG_TOKEN_REVOKED', started);
    await write;
    const written = performance.now() - started;
    log('user revocation A → B refuses (cached token)', seen);
    log('user revocation write returned on A', written);
    expect(seen).toBeLessThan(1000);

    expect(await outcome(a.guard, old)).toBe('EG_TOKEN_REVOKED'); // the writer applied it before returning
    expect(await outcome(b.guard, otherToken)).toBe('accepted');
    expect(await outcome(b.guard, mint(signer))).toBe('accepted'); // iat = now − 300 ≥ valid-from
    expect(b.store.check(query({ objectId: TEST_USER_OID, issuedAt: at - 1 }))).toEqual({ revoked: true, reason: 'user', validFrom: at });
  });

  it('propagates the uti denylist', async () => {
    const [a, b] = await pair();
    const token = mint(signer);
    const p = await b.guard.validateToken(token);
    const sibling = mint(signer);
    const started = performance.now();
    void a.store.revokeToken(p.tokenId ?? '', p.expiresAt);
    const seen = await within(1000, async () => (await outcome(b.guard, token)) === 'EG_TOKEN_REVOKED', started);
    log('uti revocation A → B refuses', seen);
    expect(await outcome(b.guard, sibling)).toBe('accepted');
    expect(await a.redis.pttl(`${prefixes[0]}uti:${p.tokenId}`)).toBeGreaterThan(0);
  });

  it('propagates the client kill switch, and its lifting', async () => {
    const [a, b] = await pair();
    const bad = randomUUID();
    const token = mint(signer, { clientId: bad });
    const good = mint(signer);
    expect(await outcome(b.guard, token)).toBe('accepted');
    const started = performance.now();
    void a.store.disableClient(bad);
    const seen = await within(1000, async () => (await outcome(b.guard, token)) === 'EG_TOKEN_REVOKED', started);
    log('client kill switch A → B refuses', seen);
    expect(await outcome(b.guard, good)).toBe('accepted');
    expect(await a.redis.pttl(`${prefixes[0]}client:${bad}`)).toBe(-1); // no expiry: stays until enabled

    const lifted = performance.now();
    void b.store.enableClient(bad);
    const back = await within(1000, async () => (await outcome(a.guard, token)) === 'accepted', lifted);
    log('client re-enabled B → A accepts', back);
    expect(await outcome(b.guard, token)).toBe('accepted');
  });

  it('a store started after the revocation refuses at once (loaded at start)', async () => {
    const [a, , prefix] = await pair();
    const token = mint(signer, { offset: -1000 });
    await a.store.revokeUser(T, TEST_USER_OID);
    await a.store.disableClient('killed-client');
    const late = await instance(prefix);
    expect(late.store.status).toMatchObject({ synced: true, stale: false, entries: 2 });
    expect(await outcome(late.guard, token)).toBe('EG_TOKEN_REVOKED');
    expect(late.store.check(query({ clientId: 'killed-client' }))).toEqual({ revoked: true, reason: 'client' });
  });

  it('keeps the later valid-from when two instances revoke the same user', async () => {
    const [a, b, prefix] = await pair();
    const now = Math.floor(Date.now() / 1000);
    await a.store.revokeUser(T, TEST_USER_OID, now);
    await b.store.revokeUser(T, TEST_USER_OID, now - 100); // earlier: must not weaken it
    expect(Number(await admin.get(`${prefix}user:${T}:${TEST_USER_OID}`))).toBe(now);
    for (const s of [a.store, b.store]) {
      expect(s.check(query({ objectId: TEST_USER_OID, issuedAt: now - 50 }))).toMatchObject({ revoked: true, validFrom: now });
    }
  });

  it('expires entries with their TTL, in Redis and in every copy', async () => {
    const [a, b, prefix] = await pair({ retentionSeconds: 1, clockSkewSeconds: 0 });
    const now = Date.now() / 1000;
    await a.store.revokeUser(T, TEST_USER_OID, now);
    await a.store.revokeToken('short-lived', now + 1);
    const ttl = await admin.pttl(`${prefix}user:${T}:${TEST_USER_OID}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1000);
    await within(1000, () => b.store.status.entries === 2);
    const q = query({ objectId: TEST_USER_OID, tokenId: 'short-lived', issuedAt: Math.floor(now) - 10 });
    expect(b.store.check(q).revoked).toBe(true);
    await sleep(1100);
    expect(await admin.exists(`${prefix}user:${T}:${TEST_USER_OID}`, `${prefix}uti:short-lived`)).toBe(0);
    expect(b.store.check(q)).toEqual({ revoked: false });
    expect(a.store.status.entries).toBe(0);
    expect(b.store.status.entries).toBe(0);
    // Writing something that could no longer refuse a live token writes nothing.
    await a.store.revokeToken('long-gone', now - 60);
    expect(await admin.exists(`${prefix}uti:long-gone`)).toBe(0);
  });

  it('converges on what Redis holds after a burst of writes from both sides during periodic reloads', async () => {
    const [a, b, prefix] = await pair({ resyncIntervalMs: 20, heartbeatIntervalMs: 10 });
    const ids = Array.from({ length: 8 }, (_, i) => `client-${i}`);
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      const who = i % 2 === 0 ? a.store : b.store;
      const id = ids[i % ids.length] ?? 'x';
      writes.push(i % 3 === 0 ? who.enableClient(id) : who.disableClient(id));
      if (i % 25 === 0) await sleep(5); // let reloads start and finish in between
    }
    await Promise.all(writes);
    const truth = new Set((await admin.keys(`${prefix}client:*`)).map((k) => k.slice(`${prefix}client:`.length)));
    await within(2000, () =>
      [a.store, b.store].every((s) => ids.every((id) => s.check(query({ clientId: id })).revoked === truth.has(id))),
    );
  });

  it('works with an ioredis client that has its own keyPrefix', async () => {
    const prefix = uniquePrefix();
    prefixes.push(`app:${prefix}`);
    const a = await instance(prefix, {}, { keyPrefix: 'app:' });
    await a.store.disableClient('c1');
    expect(await admin.exists(`app:${prefix}client:c1`)).toBe(1);
    const b = await instance(prefix, {}, { keyPrefix: 'app:' });
    expect(b.store.check(query({ clientId: 'c1' }))).toEqual({ revoked: true, reason: 'client' });
    await b.store.enableClient('c1');
    await within(1000, () => !a.store.check(query({ clientId: 'c1' })).revoked);
  });
});

describe('RESP2 (what ioredis 5 speaks)', () => {
  it('keeps fresh through subscriber-mode pings and propagates', async () => {
    const [a, b] = await pair({ maxStalenessMs: 150 }, { protocol: 2 });
    await sleep(400); // well past maxStalenessMs: only the heartbeat keeps the copies fresh
    expect(b.store.status).toMatchObject({ synced: true, stale: false });
    const started = performance.now();
    void a.store.disableClient('resp2-client');
    log('client kill switch A → B over RESP2', await within(1000, () => b.store.check(query({ clientId: 'resp2-client' })).revoked, started));
  });
});

describe('the hot path', () => {
  it('answers synchronously from memory', async () => {
    const [a] = await pair();
    for (let i = 0; i < 1000; i++) await a.store.revokeToken(`uti-${i}`, Math.floor(Date.now() / 1000) + 3600);
    const q = query({ tokenId: 'uti-500' });
    expect(a.store.check(q)).toEqual({ revoked: true, reason: 'token' }); // a value, not a promise
    const n = 200_000;
    const started = performance.now();
    for (let i = 0; i < n; i++) a.store.check(q);
    const perCheck = ((performance.now() - started) / n) * 1000;
    console.log(`[timing] check(): ${perCheck.toFixed(3)} µs per call`);
    expect(perCheck).toBeLessThan(20);
  });
});

describe('events', () => {
  it('reports syncs and changes without personal data', async () => {
    const seen: { channel: string; message: unknown }[] = [];
    const listeners = Object.values(REDIS_REVOCATION_CHANNELS).map((name) => {
      const fn = (message: unknown): void => void seen.push({ channel: name, message });
      subscribe(name, fn);
      return [name, fn] as const;
    });
    try {
      const [a, b, prefix] = await pair();
      await a.store.revokeUser(T, TEST_USER_OID);
      await a.store.revokeToken('secret-uti', Math.floor(Date.now() / 1000) + 60);
      await a.store.disableClient(TEST_CLIENT_ID);
      await within(1000, () => b.store.status.entries === 3);
      const ours = seen.filter((e) => (e.message as { keyPrefix?: string }).keyPrefix === prefix);
      expect(ours.filter((e) => e.channel === REDIS_REVOCATION_CHANNELS.sync)).toHaveLength(2);
      const changes = ours.filter((e) => e.channel === REDIS_REVOCATION_CHANNELS.changed).map((e) => e.message);
      const hash = createHash('sha256').update(`${T}:${TEST_USER_OID}`).digest('hex').slice(0, 32);
      expect(changes).toContainEqual({ keyPrefix: prefix, kind: 'user', action: 'set', subjectHash: hash, own: true });
      expect(changes).toContainEqual({ keyPrefix: prefix, kind: 'user', action: 'set', subjectHash: hash, own: false });
      expect(changes.filter((c) => (c as { kind: string }).kind === 'client')).toHaveLength(2);
      const text = JSON.stringify(ours);
      for (const secret of [TEST_USER_OID, 'secret-uti', TEST_CLIENT_ID]) expect(text).not.toContain(secret);
    } finally {
      for (const [name, fn] of listeners) unsubscribe(name, fn);
    }
  });
});

describe('input', () => {
  it('refuses bad options and bad writes with TypeErrors', async () => {
    const redis = client();
    clients.push(redis);
    expect(() => new RedisRevocationStore({ redis: {} as Redis })).toThrow(TypeError);
    expect(() => new RedisRevocationStore({ redis, keyPrefix: '' })).toThrow(/keyPrefix/);
    expect(() => new RedisRevocationStore({ redis, maxStalenessMs: 0 })).toThrow(/maxStalenessMs/);
    expect(() => new RedisRevocationStore({ redis, maxStalenessMs: 100, heartbeatIntervalMs: 100 })).toThrow(/heartbeatIntervalMs/);
    expect(() => new RedisRevocationStore({ redis, onStale: 'ignore' as 'fail-closed' })).toThrow(/onStale/);
    const [a] = await pair();
    await expect(a.store.revokeUser('', TEST_USER_OID)).rejects.toThrow(TypeError);
    await expect(a.store.revokeUser(T, TEST_USER_OID, Number.NaN)).rejects.toThrow(/"at"/);
    await expect(a.store.revokeToken('x', Number.POSITIVE_INFINITY)).rejects.toThrow(/expiresAt/);
    await expect(a.store.disableClient(42 as unknown as string)).rejects.toThrow(/clientId/);
  });

  it('ignores foreign keys and messages under its prefix', async () => {
    const [a, b, prefix] = await pair();
    await admin.set(`${prefix}other:thing`, 'x');
    await admin.set(`${prefix}user:${T}:not-a-number`, 'abc');
    await admin.publish(`${prefix}changes`, 'garbage');
    await admin.publish(`${prefix}changes`, 'set 1000 5 n other:thing');
    await a.store.disableClient('c');
    await within(1000, () => b.store.check(query({ clientId: 'c' })).revoked);
    const c = await instance(prefix);
    expect(c.store.status.entries).toBe(1);
  });
});
