// Two instances of the orders API behind one Redis (REDIS_URL): a user revoked through one is
// refused by the other within a second, other users go on, and a Redis outage mid-test causes
// no crash, the documented 503 once the revocation copy is stale, and recovery.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApi } from '../src/runtime.js';
import { client, startTestApi, startTestEmulator, tokens, USERS, type TestEmulator } from './support.js';

let te: TestEmulator;
let one: RunningApi;
let two: RunningApi;
let redis: ChildProcess | undefined;
let port: number;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: p } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return p;
}

async function startRedis(): Promise<void> {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}`).then(
      () => true,
      (err: { cause?: { code?: string } }) => err.cause?.code !== 'ECONNREFUSED',
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis-server did not start (is it installed? .ci/run installs it)');
}

async function stopRedis(): Promise<void> {
  const child = redis;
  redis = undefined;
  if (child === undefined || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function eventually<T>(ms: number, probe: () => Promise<T | undefined>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return { value, ms: performance.now() - started };
    if (performance.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  port = await freePort();
  await startRedis();
  te = await startTestEmulator();
  const redisUrl = `redis://127.0.0.1:${port}`;
  [one, two] = await Promise.all([startTestApi(te.emu, { redisUrl }), startTestApi(te.emu, { redisUrl })]);
}, 90_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await one?.close();
  await two?.close();
  await stopRedis();
  await te?.stop();
});

describe('two instances sharing one Redis', () => {
  it('refuses on instance B, within 1 s, a user revoked through instance A; other users go on', async () => {
    const t = tokens(te.emu);
    const [a, b] = [client(one.url), client(two.url)];
    const bobBefore = t.bob();
    const alice = t.alice();
    expect((await b.get('/api/me', bobBefore)).status).toBe(200); // cached on B
    const revoked = await a.post('/api/admin/revocations', alice, { objectId: USERS.bob.oid });
    expect(revoked.status).toBe(201);
    const { ms } = await eventually(1000, async () => ((await b.get('/api/me', bobBefore)).status === 401 ? true : undefined));
    expect(ms).toBeLessThan(1000);
    expect((await b.get('/api/me', bobBefore)).body.code).toBe('EG_TOKEN_REVOKED');
    expect((await b.get('/api/me', alice)).status).toBe(200);
    expect((await b.get('/api/me', t.erin())).status).toBe(200);
  });

  it('survives Redis stopping and restarting: no crash, reads from memory, writes refused with 503, then recovery', async () => {
    const t = tokens(te.emu);
    const b = client(two.url);
    const alice = t.alice();
    await stopRedis();
    // Within the staleness bound (30 s by default) requests are still answered from memory.
    expect((await b.get('/api/me', alice)).status).toBe(200);
    expect((await b.get('/healthz')).status).toBe(200);
    // A revocation cannot be shared while Redis is down: the admin is told to retry.
    const during = await client(one.url).post('/api/admin/revocations', alice, { objectId: USERS.bob.oid });
    expect([during.status, during.body.code]).toEqual([503, 'ORDERS_REVOCATION_UNAVAILABLE']);
    expect((await b.get('/readyz')).status).toBe(503);
    await startRedis();
    // After the restart the stores reconnect and reload; requests and revocations work again.
    await eventually(15_000, async () => ((await b.get('/api/me', alice)).status === 200 ? true : undefined));
    const erin = t.erin();
    expect((await b.get('/api/me', erin)).status).toBe(200);
    const a = client(one.url);
    await eventually(15_000, async () => ((await a.post('/api/admin/revocations', alice, { objectId: USERS.bob.oid })).status === 201 ? true : undefined));
    expect(unhandled).toEqual([]);
  }, 60_000);
});
