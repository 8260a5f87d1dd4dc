// /healthz (process up) and /readyz (keys loaded, database reachable, not draining).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApi } from '../src/runtime.js';
import { client, startTestApi, startTestEmulator, tokens, type TestEmulator } from './support.js';

let te: TestEmulator;
beforeAll(async () => {
  te = await startTestEmulator();
}, 60_000);
afterAll(async () => {
  await te?.stop();
});

describe('/healthz and /readyz', () => {
  let api: RunningApi;
  afterAll(() => api?.close());

  it('healthz needs no token and no dependency; readyz reports each check', async () => {
    api = await startTestApi(te.emu);
    const http = client(api.url);
    const health = await http.get('/healthz');
    expect([health.status, health.body]).toEqual([200, { status: 'ok' }]);
    expect(health.headers.get('cache-control')).toBe('no-store');
    const ready = await http.get('/readyz');
    expect([ready.status, ready.body]).toEqual([200, { status: 'ready', checks: { keys: 'ok', database: 'ok' } }]);
  });

  it('readyz → 503 when the database is gone; healthz stays 200', async () => {
    const http = client(api.url);
    await api.db.close();
    const ready = await http.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    expect(ready.body).toEqual({ status: 'not-ready', checks: { keys: 'ok', database: 'unavailable' } });
    expect((await http.get('/healthz')).status).toBe(200);
  });
});

describe('/readyz while the signing keys cannot be loaded', () => {
  let api: RunningApi;
  afterAll(async () => {
    te.emu.clearFaults();
    await api?.close();
  });

  it('503 (and requests get 503, never 401) until the authority answers', async () => {
    const fault = { match: { path: '/organizations/*' }, status: 500 };
    te.emu.injectFault(fault);
    api = await startTestApi(te.emu);
    const http = client(api.url);
    const ready = await http.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.keys).toBe('unavailable');
    const call = await http.get('/api/me', tokens(te.emu).bob());
    expect([call.status, call.body.code]).toEqual([503, 'EG_KEYS_UNAVAILABLE']);
    expect(call.headers.get('retry-after')).not.toBeNull();

    te.emu.clearFaults();
    // The key cache waits a few seconds after a failure before fetching again.
    await expect.poll(async () => (await http.get('/readyz')).status, { timeout: 15_000, interval: 500 }).toBe(200);
    expect((await http.get('/api/me', tokens(te.emu).bob())).status).toBe(200);
  }, 30_000);
});
