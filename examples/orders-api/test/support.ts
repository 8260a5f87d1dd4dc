// Shared by the orders API tests: an emulator with the demo directory, the API started the way
// the runtime starts it (createApp behind a real server on port 0), tokens for every kind of
// caller, and a small HTTP client.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DEMO, startEmulator, type Emulator, type MintOptions } from '@entra-guard/emulator';
import type { ApiConfig } from '../src/config.js';
import { createLogger } from '../src/http/logging.js';
import { startApi, type RunningApi, type StartOptions } from '../src/runtime.js';

export const A = DEMO.tenantA.id;
export const B = DEMO.tenantB.id;
export const ORDERS_API = DEMO.ordersApi.appId;
export const USERS = DEMO.users;
export const EXAMPLE_DIR = fileURLToPath(new URL('..', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface TestEmulator {
  readonly emu: Emulator;
  stop(): Promise<void>;
}

export async function startTestEmulator(): Promise<TestEmulator> {
  const dataDir = mkdtempSync(join(tmpdir(), 'orders-api-emu-'));
  const emu = await startEmulator({ port: 0, dataDir });
  return {
    emu,
    async stop() {
      await emu.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The demo's configuration (multi-tenant, tenants A and B) against this emulator. */
export function testConfig(emu: Emulator, overrides: Partial<ApiConfig> = {}): ApiConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    entra: {
      clientId: ORDERS_API,
      audiences: undefined,
      tenancy: { mode: 'multi', allowedTenants: [A, B] },
      tenantSegment: 'organizations',
      authorityHost: emu.origin,
      clockSkewSeconds: undefined,
    },
    databaseUrl: undefined,
    redisUrl: undefined,
    redisKeyPrefix: 'orders-api-test:',
    logLevel: 'silent',
    rateLimitPerMinute: 0,
    trustProxy: false,
    shutdownGraceMs: 2_000,
    webClient: undefined,
    ...overrides,
  };
}

export function startTestApi(emu: Emulator, overrides: Partial<ApiConfig> = {}, options: StartOptions = {}): Promise<RunningApi> {
  return startApi(testConfig(emu, overrides), { fetch: emu.fetch, logger: createLogger('silent'), ...options });
}

/** A pino destination that keeps every line, parsed. */
export class LogCapture extends Writable {
  readonly raw: string[] = [];
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    for (const line of chunk.toString().split('\n')) if (line.trim() !== '') this.raw.push(line);
    callback();
  }
  get lines(): Record<string, unknown>[] {
    return this.raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  text(): string {
    return this.raw.join('\n');
  }
}

const now = (): number => Math.floor(Date.now() / 1000);

/** Tokens for every caller the tests need. Each call mints a fresh one. */
export function tokens(emu: Emulator) {
  const user = (tenant: string, oid: string, extra: MintOptions = {}): string =>
    emu.mint({ tenant, user: oid, audience: ORDERS_API, scopes: ['Orders.Read', 'Orders.Write'], ...extra });
  const app = (client: string, extra: MintOptions = {}): string => emu.mint({ kind: 'app', tenant: A, client, audience: ORDERS_API, ...extra });
  return {
    /** Tenant A, user role Orders.Admin. */
    alice: (extra: MintOptions = {}) => user(A, USERS.alice.oid, extra),
    /** Tenant A, no role. */
    bob: (extra: MintOptions = {}) => user(A, USERS.bob.oid, extra),
    /** Tenant B. */
    erin: (extra: MintOptions = {}) => user(B, USERS.erin.oid, extra),
    /** Erin as a B2B guest of tenant A. */
    guest: (extra: MintOptions = {}) => user(A, USERS.erinGuest.oid, extra),
    /** Orders Reporter: app permission Orders.Read.All in tenant A. */
    daemon: (extra: MintOptions = {}) => app(DEMO.daemon.appId, extra),
    /** Orders Sync: Orders.Read.All and Orders.ReadWrite.All. */
    syncDaemon: (extra: MintOptions = {}) => app(DEMO.syncDaemon.appId, extra),
    /** Bob's token, expired an hour ago. */
    expired: () => user(A, USERS.bob.oid, { issuedAt: now() - 7200, lifetimeSeconds: 3600 }),
    /** Bob, but for the Reports API. */
    otherAudience: () => emu.mint({ tenant: A, user: USERS.bob.oid, audience: DEMO.reportsApi.appId, scopes: ['Reports.Read'] }),
  };
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CallOptions {
  readonly token?: string;
  /** A value to send as JSON, or a raw string. */
  readonly json?: unknown;
  readonly raw?: string;
  readonly headers?: Record<string, string>;
}

/** `fetch` against the API, returning status, headers and the parsed body. */
export async function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.raw !== undefined) body = options.raw;
  const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** The API bound to one base URL. */
export function client(base: string) {
  return {
    get: (path: string, token?: string, headers?: Record<string, string>) => call(base, 'GET', path, { ...(token === undefined ? {} : { token }), ...(headers === undefined ? {} : { headers }) }),
    post: (path: string, token: string | undefined, json: unknown, headers?: Record<string, string>) =>
      call(base, 'POST', path, { ...(token === undefined ? {} : { token }), json, ...(headers === undefined ? {} : { headers }) }),
    del: (path: string, token?: string) => call(base, 'DELETE', path, token === undefined ? {} : { token }),
    call: (method: string, path: string, options?: CallOptions) => call(base, method, path, options),
  };
}

/** Builds the example (incremental: quick when dist is current), for tests that run dist/. */
export function buildExample(): void {
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', EXAMPLE_DIR], { stdio: 'pipe' });
}

export interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout match of `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `node <script>` in the example folder with exactly `env` (plus PATH). */
export function spawnNode(script: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, [script], { cwd: EXAMPLE_DIR, env: { PATH: process.env.PATH ?? '', ...env } });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    process: child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const m = out.match(pattern);
          if (m === null) return false;
          cleanup();
          resolve(m);
          return true;
        };
        const onData = (): void => void check();
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        const onExit = (): void => {
          if (check()) return;
          cleanup();
          reject(new Error(`process exited before ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
        };
        const cleanup = (): void => {
          clearTimeout(timer);
          child.stdout.off('data', onData);
          child.off('exit', onExit);
        };
        child.stdout.on('data', onData);
        child.once('exit', onExit);
        check();
      });
    },
  };
}
