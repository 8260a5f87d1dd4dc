// `npm run api` as a process: configured by the environment against the emulator (CA trusted
// through NODE_EXTRA_CA_CERTS), it drains in-flight requests on SIGTERM and exits 0.
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, buildExample, ORDERS_API, REPO_ROOT, spawnNode, startTestEmulator, tokens, type Child, type TestEmulator } from './support.js';

let te: TestEmulator;
beforeAll(async () => {
  buildExample();
  te = await startTestEmulator();
}, 120_000);
afterAll(async () => {
  await te?.stop();
});

function startServer(extra: Record<string, string> = {}): Child {
  return spawnNode('dist/server.js', {
    ENTRA_CLIENT_ID: ORDERS_API,
    ENTRA_TENANT_ID: A,
    ENTRA_AUTHORITY_HOST: te.emu.origin,
    NODE_EXTRA_CA_CERTS: te.emu.caPath,
    PORT: '0',
    LOG_LEVEL: 'info',
    ...extra,
  });
}

async function listening(child: Child): Promise<number> {
  const m = await child.waitFor(/^listening on http:\/\/127\.0\.0\.1:(\d+)$/m);
  return Number(m[1]);
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    socket.setEncoding('utf8').on('data', (d: string) => (data += d));
    socket.once('close', () => resolve(data));
  });
}

describe('npm run api (node dist/server.js)', () => {
  it('single tenant from the environment: tenant A accepted, tenant B refused', async () => {
    const child = startServer();
    const port = await listening(child);
    const t = tokens(te.emu);
    const get = (token: string) => fetch(`http://127.0.0.1:${port}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get(t.bob())).status).toBe(200);
    const erin = await get(t.erin());
    expect(erin.status).toBe(401);
    expect(((await erin.json()) as { code: string }).code).toBe('EG_TENANT_NOT_ALLOWED');
    child.process.kill('SIGINT');
    expect((await child.exited).code).toBe(0);
  });

  it('SIGTERM: stops accepting, finishes the request in flight, exits 0', async () => {
    const child = startServer();
    const port = await listening(child);
    const body = JSON.stringify({ item: 'drained', quantity: 1 });
    const socket = await open(port);
    const response = readAll(socket);
    // Headers and half the body: the request is in flight, waiting for the rest.
    socket.write(
      `POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${tokens(te.emu).bob()}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 300));
    child.process.kill('SIGTERM');
    await child.waitFor(/shutting down/);
    // New connections are refused while the old one drains.
    await expect(open(port)).rejects.toThrow(/ECONNREFUSED/);
    socket.write(body.slice(10));
    const raw = await response;
    expect(raw).toMatch(/^HTTP\/1\.1 201 Created/);
    expect(raw.toLowerCase()).toContain('connection: close');
    expect(raw).toContain('"item":"drained"');
    const { code } = await child.exited;
    expect(code).toBe(0);
  });

  it('a request that never finishes is cut after SHUTDOWN_GRACE_SECONDS, and the exit is still 0', async () => {
    const child = startServer({ SHUTDOWN_GRACE_SECONDS: '1' });
    const port = await listening(child);
    const socket = await open(port);
    const closed = readAll(socket);
    socket.write(`POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    child.process.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await closed;
  });
});

describe('npm run api at the repository root', () => {
  it('SIGTERM to npm (which its shell does not pass on) still stops the API gracefully', async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ENTRA_CLIENT_ID: ORDERS_API, ENTRA_TENANT_ID: A, ENTRA_AUTHORITY_HOST: te.emu.origin, NODE_EXTRA_CA_CERTS: te.emu.caPath, PORT: '0' };
    const npm = spawn('npm', ['run', 'api'], { cwd: REPO_ROOT, env });
    let out = '';
    npm.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    // The pipe closes when its last writer, node, has exited.
    const pipeClosed = new Promise<void>((resolve) => npm.stdout.once('close', () => resolve()));
    await expect.poll(() => /^listening on http:\/\/127\.0\.0\.1:(\d+)$/m.test(out), { timeout: 30_000, interval: 100 }).toBe(true);
    const port = Number(/^listening on http:\/\/127\.0\.0\.1:(\d+)$/m.exec(out)?.[1]);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    npm.kill('SIGTERM');
    await pipeClosed;
    expect(out).toContain('shutting down');
    expect(out).toMatch(/"msg":"stopped"/);
    await expect(open(port)).rejects.toThrow(/ECONNREFUSED/);
  }, 60_000);
});
