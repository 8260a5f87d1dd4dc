// Redis unreachable, frozen, stopped and restarted under two running instances. Each scenario
// runs a PRIVATE redis-server child process on a free port; it is killed in afterAll whatever happens.
import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { toHttpResponse, type EntraGuard } from '@entra-guard/core';
import { TEST_USER_OID, type SigningKey } from '@entra-guard/test-support';
import { createRedisRevocationStore, REDIS_REVOCATION_CHANNELS, RedisRevocationError, RedisRevocationStore } from '../src/index.js';
import { client, freePort, guardFor, kill, mint, outcome, query, signingKey, startRedis, T, uniquePrefix, within, type PrivateRedis } from './helpers.js';

const MAX_STALENESS = 500;
const HEARTBEAT = Math.floor(MAX_STALENESS / 3); // the default for this maxStalenessMs

let signer: SigningKey;
const servers: PrivateRedis[] = [];
const clients: Redis[] = [];
const stores: RedisRevocationStore[] = [];
const guards: EntraGuard[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
const events: { channel: string; message: { keyPrefix: string } & Record<string, unknown> }[] = [];
const listeners = Object.values(REDIS_REVOCATION_CHANNELS).map((name) => [name, (m: unknown) => void events.push({ channel: name, message: m as never })] as const);
let tmp: string | undefined;

const log = (what: string, ms: number): void => console.log(`[timing] ${what}: ${ms.toFixed(1)} ms`);
const eventsOf = (prefix: string, channel: string) => events.filter((e) => e.channel === channel && e.message.keyPrefix === prefix).map((e) => e.message);

function newStore(port: number, keyPrefix: string, onStale: 'fail-closed' | 'serve-last-known'): { redis: Redis; store: RedisRevocationStore; guard: EntraGuard } {
  const redis = client(port);
  clients.push(redis);
  const store = new RedisRevocationStore({ redis, keyPrefix, maxStalenessMs: MAX_STALENESS, onStale, commandTimeoutMs: 1_000 });
  stores.push(store);
  const guard = guardFor(store, signer);
  guards.push(guard);
  return { redis, store, guard };
}

function refusal(store: RedisRevocationStore): string | undefined {
  try {
    store.check(query());
    return undefined;
  } catch (err) {
    return err instanceof RedisRevocationError ? err.reason : 'not a RedisRevocationError';
  }
}

beforeAll(async () => {
  signer = await signingKey();
  process.on('unhandledRejection', onUnhandled);
  for (const [name, fn] of listeners) subscribe(name, fn);
});
afterAll(async () => {
  for (const g of guards) g.close();
  for (const s of stores) await s.close();
  for (const c of clients) c.disconnect();
  for (const s of servers) kill(s);
  for (const [name, fn] of listeners) unsubscribe(name, fn);
  process.off('unhandledRejection', onUnhandled);
  if (tmp !== undefined) await rm(tmp, { recursive: true, force: true });
});

describe('Redis stopped and restarted mid-test (no persistence)', () => {
  const prefix = uniquePrefix();
  const other = randomUUID();
  let port: number;
  let server: PrivateRedis;
  let a: ReturnType<typeof newStore>; // fail-closed
  let b: ReturnType<typeof newStore>; // serve-last-known
  const old = () => mint(signer, { offset: -1000 });
  let oldToken: string;
  let otherToken: string;

  it('refuses (not-synced) until Redis first answers, then loads', async () => {
    port = await freePort();
    oldToken = old();
    otherToken = mint(signer, { oid: other, offset: -1000 });

    const early = client(port);
    clients.push(early);
    const started = performance.now();
    await expect(createRedisRevocationStore({ redis: early, keyPrefix: prefix, startTimeoutMs: 300 })).rejects.toMatchObject({ reason: 'not-synced' });
    log('createRedisRevocationStore with Redis down rejected after', performance.now() - started);

    a = newStore(port, prefix, 'fail-closed');
    void a.store.start();
    expect(refusal(a.store)).toBe('not-synced');
    expect(await outcome(a.guard, otherToken)).toBe('EG_REVOCATION_UNAVAILABLE');
    await sleep(MAX_STALENESS + HEARTBEAT + 100); // the next heartbeat tick after the bound publishes it
    expect(eventsOf(prefix, REDIS_REVOCATION_CHANNELS.stale)).toContainEqual(expect.objectContaining({ everSynced: false, refusing: true }));

    server = await startRedis(port);
    servers.push(server);
    const up = performance.now();
    await a.store.ready();
    log('first load after Redis came up', performance.now() - up);
    expect(await outcome(a.guard, otherToken)).toBe('accepted');
  });

  it('propagates a revocation from A to B', async () => {
    b = newStore(port, prefix, 'serve-last-known');
    await b.store.start();
    const started = performance.now();
    void a.store.revokeUser(T, TEST_USER_OID, Math.floor(Date.now() / 1000) - 500);
    log('A → B on the private server', await within(1000, async () => (await outcome(b.guard, oldToken)) === 'EG_TOKEN_REVOKED', started));
  });

  it('stopped: no crash, a blip costs nothing, A fails closed after maxStalenessMs, B serves the last known copy, writes reject', async () => {
    const killedAt = performance.now();
    const stopped = server.stop();
    // Measured from the kill by a poller of its own, whatever the steps below cost.
    const refused = within(2000, () => refusal(a.store) === 'stale', killedAt);
    await stopped;
    const shutdownMs = performance.now() - killedAt; // Redis still answers while it shuts down
    log('redis-server exited after SIGTERM', shutdownMs);
    // Right after the stop both copies still answer.
    expect(await outcome(a.guard, otherToken)).toBe('accepted');
    expect(await outcome(a.guard, oldToken)).toBe('EG_TOKEN_REVOKED');
    await within(1000, () => a.redis.status !== 'ready');
    await expect(a.store.revokeUser(T, other)).rejects.toMatchObject({ name: 'RedisRevocationError', reason: 'unreachable' });

    const refusedAfter = await refused;
    log('fail-closed store refuses after the stop', refusedAfter);
    // Not before the copy's age passes the bound (its last proof is at most a heartbeat before the
    // server went away), and at once after: check() measures the age itself.
    expect(refusedAfter).toBeGreaterThan(MAX_STALENESS - 2 * HEARTBEAT);
    expect(refusedAfter).toBeLessThanOrEqual(MAX_STALENESS + shutdownMs + 100);
    expect(await outcome(a.guard, otherToken)).toBe('EG_REVOCATION_UNAVAILABLE');
    expect(toHttpResponse(await a.guard.validateToken(otherToken).catch((e: unknown) => e as never))).toMatchObject({ status: 503 });
    expect(a.store.status).toMatchObject({ synced: false, stale: true });

    await sleep(Math.max(0, killedAt + 2 * MAX_STALENESS - performance.now()));
    expect(refusal(b.store)).toBeUndefined();
    expect(await outcome(b.guard, oldToken)).toBe('EG_TOKEN_REVOKED');
    expect(await outcome(b.guard, otherToken)).toBe('accepted');
    expect(b.store.status).toMatchObject({ synced: false, stale: true, entries: 1 });
    expect(eventsOf(prefix, REDIS_REVOCATION_CHANNELS.stale)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ everSynced: true, onStale: 'fail-closed', refusing: true }),
        expect.objectContaining({ everSynced: true, onStale: 'serve-last-known', refusing: false }),
      ]),
    );
    expect(eventsOf(prefix, REDIS_REVOCATION_CHANNELS.syncFailed)).toContainEqual(expect.objectContaining({ operation: 'connection', error: 'ECONNREFUSED' }));
  });

  it('restarted: both recover within a bounded time, hold what Redis holds (nothing: state was lost), and propagate again', async () => {
    server = await startRedis(port);
    servers.push(server);
    const restarted = performance.now();
    const recovered = await within(3000, () => [a.store, b.store].every((s) => s.status.synced && !s.status.stale), restarted);
    log('recovery after restart', recovered);
    expect(eventsOf(prefix, REDIS_REVOCATION_CHANNELS.recovered)).toHaveLength(3); // A at start-up, then A and B
    expect(eventsOf(prefix, REDIS_REVOCATION_CHANNELS.sync)).toContainEqual(expect.objectContaining({ reason: 'reconnect', entries: 0 }));
    // Documented: Redis is the source of truth. Without persistence the revocation is gone.
    expect(a.store.status.entries).toBe(0);
    expect(await outcome(a.guard, oldToken)).toBe('accepted');
    expect(await outcome(b.guard, oldToken)).toBe('accepted');

    const otherOld = mint(signer, { oid: other, offset: -1000 });
    const started = performance.now();
    void b.store.revokeUser(T, other, Math.floor(Date.now() / 1000) - 500);
    log('B → A after the restart', await within(1000, async () => (await outcome(a.guard, otherOld)) === 'EG_TOKEN_REVOKED', started));
    expect(await outcome(a.guard, oldToken)).toBe('accepted');
  });

  it('frozen (SIGSTOP, sockets open): the heartbeat notices, A fails closed; thawed: recovery', async () => {
    const frozenAt = performance.now();
    server.process.kill('SIGSTOP');
    try {
      log('frozen server detected (A refuses)', await within(2000, () => refusal(a.store) === 'stale', frozenAt));
      const timedOut = (m: Record<string, unknown>) => m['operation'] === 'heartbeat' && m['error'] === 'timeout';
      // The unanswered ping is given up after min(commandTimeoutMs, maxStalenessMs), and the connection dropped.
      await within(1000, () => eventsOf(prefix, REDIS_REVOCATION_CHANNELS.syncFailed).some(timedOut));
    } finally {
      server.process.kill('SIGCONT');
    }
    const thawed = performance.now();
    log('recovery after thaw', await within(5000, () => [a.store, b.store].every((s) => s.status.synced && !s.status.stale), thawed));
    expect(await outcome(a.guard, otherToken)).toBe('EG_TOKEN_REVOKED');
  });

  it('left no unhandled rejection behind', () => {
    expect(unhandled).toEqual([]);
  });
});

describe('Redis restarted with persistence (AOF)', () => {
  it('keeps a revocation across the restart', async () => {
    tmp = await mkdtemp(join(tmpdir(), 'eg-redis-aof-'));
    const port = await freePort();
    const args = ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', tmp];
    let server = await startRedis(port, args);
    servers.push(server);
    const prefix = uniquePrefix();
    const c = newStore(port, prefix, 'fail-closed');
    const d = newStore(port, prefix, 'fail-closed');
    await Promise.all([c.store.start(), d.store.start()]);
    const token = mint(signer, { offset: -1000 });
    await c.store.revokeUser(T, TEST_USER_OID, Math.floor(Date.now() / 1000) - 500);
    await within(1000, async () => (await outcome(d.guard, token)) === 'EG_TOKEN_REVOKED');

    await server.stop();
    await within(2000, () => refusal(d.store) === 'stale');
    server = await startRedis(port, args);
    servers.push(server);
    await within(3000, () => [c.store, d.store].every((s) => s.status.synced && !s.status.stale));
    expect(d.store.status.entries).toBe(1);
    expect(await outcome(d.guard, token)).toBe('EG_TOKEN_REVOKED');
    expect(await outcome(c.guard, token)).toBe('EG_TOKEN_REVOKED');
    expect(unhandled).toEqual([]);
  });
});
