import { afterAll, describe, expect, it } from 'vitest';
import { createSigningKey, createTestCa, startKeyServer, type KeyServer } from './index.js';

const ca = await createTestCa();
const key = await createSigningKey();

const open = new Set<KeyServer>();
afterAll(async () => {
  await Promise.all([...open].map((server) => server.close()));
});

async function withServer(run: (server: KeyServer) => Promise<void>): Promise<void> {
  const server = await startKeyServer({ keys: [key], ca });
  open.add(server);
  try {
    await run(server);
  } finally {
    await server.close();
    open.delete(server);
  }
}

const KEYS = '/common/discovery/v2.0/keys';
const DISCOVERY = '/common/v2.0/.well-known/openid-configuration';

/** Resolves to the rejection reason, or fails the test if the promise fulfils. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the request to fail'),
    (error: unknown) => error,
  );
}

describe('faults', () => {
  it('status: answers with the status and body, only on the targeted endpoints', () =>
    withServer(async (server) => {
      server.setFault('keys', { kind: 'status', status: 503, body: '{"error":"busy"}' });
      const res = await server.fetch(`${server.origin}${KEYS}`);
      expect(res.status).toBe(503);
      expect(await res.text()).toBe('{"error":"busy"}');
      expect((await server.fetch(`${server.origin}${DISCOVERY}`)).status).toBe(200);
      server.setFault('keys', { kind: 'status', status: 500 });
      expect(await (await server.fetch(`${server.origin}/common/discovery/keys`)).text()).toBe('');
      server.setFault('keys', null);
      expect((await server.fetch(`${server.origin}${KEYS}`)).status).toBe(200);
    }));

  it('all: applies everywhere, but a specific fault wins', () =>
    withServer(async (server) => {
      server.setFault('all', { kind: 'status', status: 502 });
      server.setFault('discovery', { kind: 'status', status: 429 });
      expect((await server.fetch(`${server.origin}${KEYS}`)).status).toBe(502);
      expect((await server.fetch(`${server.origin}/anything`)).status).toBe(502);
      expect((await server.fetch(`${server.origin}${DISCOVERY}`)).status).toBe(429);
      server.setFault('all', null);
      expect((await server.fetch(`${server.origin}${KEYS}`)).status).toBe(200);
    }));

  it('destroy: the socket closes without a response', () =>
    withServer(async (server) => {
      server.setFault('discovery', { kind: 'destroy' });
      expect(await rejection(server.fetch(`${server.origin}${DISCOVERY}`))).toBeInstanceOf(TypeError);
      expect(server.countRequests(DISCOVERY)).toBe(1);
    }));

  it('hang: the client timeout fires and close() is still fast', async () => {
    const server = await startKeyServer({ keys: [key], ca });
    open.add(server);
    server.setFault('keys', { kind: 'hang' });
    const started = Date.now();
    const error = await rejection(server.fetch(`${server.origin}${KEYS}`, { signal: AbortSignal.timeout(200) }));
    expect((error as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(2000);
    // A second hung request is still open while we close: close must not wait for it.
    const pending = server.fetch(`${server.origin}${KEYS}`).catch((e: unknown) => e);
    await expect.poll(() => server.countRequests(KEYS)).toBe(2);
    const closing = Date.now();
    await server.close();
    open.delete(server);
    expect(Date.now() - closing).toBeLessThan(500);
    expect(await pending).toBeInstanceOf(TypeError);
  });

  it('redirect: 302 with Location; the caller redirect mode is honoured', () =>
    withServer(async (server) => {
      const target = `${server.origin}/common/discovery/keys`;
      server.setFault('discovery', { kind: 'redirect', location: target });
      const manual = await server.fetch(`${server.origin}${DISCOVERY}`, { redirect: 'manual' });
      expect(manual.status).toBe(302);
      expect(manual.headers.get('location')).toBe(target);
      expect(await rejection(server.fetch(`${server.origin}${DISCOVERY}`, { redirect: 'error' }))).toBeInstanceOf(TypeError);
      const followed = await server.fetch(`${server.origin}${DISCOVERY}`);
      expect(followed.url).toBe(target);
      expect(await followed.json()).toHaveProperty('keys');
    }));

  it('huge: streams exactly the requested bytes, and a reader may stop early', () =>
    withServer(async (server) => {
      const bytes = 3 * 1024 * 1024 + 7;
      server.setFault('keys', { kind: 'huge', bytes });
      const text = await (await server.fetch(`${server.origin}${KEYS}`)).text();
      expect(text.length).toBe(bytes);
      expect(text.startsWith('{"keys":[   ')).toBe(true);
      expect(text.trimEnd()).toBe('{"keys":[');

      // A client with a size cap reads a little and cancels; the server must not keep pushing.
      server.setFault('keys', { kind: 'huge', bytes: 1024 * 1024 * 1024 });
      const reader = (await server.fetch(`${server.origin}${KEYS}`)).body!.getReader();
      let received = 0;
      while (received < 256 * 1024) {
        const { value, done } = await reader.read();
        if (done) break;
        received += value.byteLength;
      }
      await reader.cancel();
      expect(received).toBeGreaterThanOrEqual(256 * 1024);
    }));

  it('delay: answers normally after the delay', () =>
    withServer(async (server) => {
      server.setFault('keys', { kind: 'delay', ms: 300 });
      const started = Date.now();
      const res = await server.fetch(`${server.origin}${KEYS}`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { keys: unknown[] }).keys).toHaveLength(1);
    }));
});

describe('request log', () => {
  it('records method, path and time, counts and clears', () =>
    withServer(async (server) => {
      const before = Date.now();
      await server.fetch(`${server.origin}${DISCOVERY}`);
      await server.fetch(`${server.origin}${KEYS}?appid=x`);
      await server.fetch(`${server.origin}${KEYS}`);
      expect(server.requests).toHaveLength(3);
      expect(server.requests[1]).toMatchObject({ method: 'GET', path: `${KEYS}?appid=x` });
      expect(server.requests[0]!.at).toBeGreaterThanOrEqual(before);
      expect(server.countRequests('/discovery/v2.0/keys')).toBe(2);
      expect(server.countRequests('openid-configuration')).toBe(1);
      server.clearRequests();
      expect(server.requests).toHaveLength(0);
      expect(server.countRequests('')).toBe(0);
    }));

  it('close() is idempotent and fast with idle keep-alive connections', async () => {
    const server = await startKeyServer({ keys: [key], ca });
    await server.fetch(`${server.origin}${KEYS}`).then((res) => res.text());
    const started = Date.now();
    await Promise.all([server.close(), server.close()]);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
