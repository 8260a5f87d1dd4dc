// Real Redis servers, real guards and real tokens for the Redis store's tests. No mocks.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { createEntraGuard, type EntraGuard, type RevocationQuery, type RevocationStore } from '@entra-guard/core';
import { createSigningKeys, mintAccessToken, type SigningKey } from '@entra-guard/test-support';

export const T = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
export const API = '11111111-2222-4333-8444-555555555555';
export const ORIGIN = 'https://login.microsoftonline.com';
export const SHARED_REDIS = { host: '127.0.0.1', port: 6379 } as const;

let key: SigningKey | undefined;
export async function signingKey(): Promise<SigningKey> {
  key ??= (await createSigningKeys(1))[0];
  if (key === undefined) throw new Error('no signing key');
  return key;
}

/** A guard with static keys, the real clock and the default token cache. */
export function guardFor(revocation: RevocationStore | undefined, signer: SigningKey): EntraGuard {
  const jwk = { ...signer.jwk, issuer: `${ORIGIN}/{tenantid}/v2.0` };
  return createEntraGuard({ clientId: API, tenancy: { mode: 'single', tenantId: T }, keys: { jwks: { keys: [jwk] } }, ...(revocation ? { revocation } : {}) });
}

export interface MintOptions {
  readonly oid?: string;
  readonly clientId?: string;
  /** Seconds from now at which the token is minted (its `iat` is 300 s before that). */
  readonly offset?: number;
}
export function mint(signer: SigningKey, o: MintOptions = {}): string {
  const now = Math.floor(Date.now() / 1000) + (o.offset ?? 0);
  const claims: Record<string, unknown> = o.oid === undefined ? {} : { oid: o.oid };
  return mintAccessToken({ key: signer, issuerOrigin: ORIGIN, tenantId: T, audience: API, now, claims, ...(o.clientId ? { clientId: o.clientId } : {}) });
}

export function query(over: Partial<RevocationQuery> = {}): RevocationQuery {
  const now = Math.floor(Date.now() / 1000);
  return { tenantId: T, objectId: randomUUID(), clientId: randomUUID(), tokenId: undefined, issuedAt: now - 300, expiresAt: now + 3300, ...over };
}

/** The code of the EntraGuardError a validation rejects with, or 'accepted'. */
export async function outcome(guard: EntraGuard, token: string): Promise<string> {
  try {
    await guard.validateToken(token);
    return 'accepted';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

/** Polls `probe` (each turn of the event loop) until it returns true; resolves to the ms it took. */
export async function within(ms: number, probe: () => boolean | Promise<boolean>, since = performance.now()): Promise<number> {
  for (;;) {
    if (await probe()) return performance.now() - since;
    if (performance.now() - since > ms) throw new Error(`condition not met within ${ms} ms`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export const uniquePrefix = (): string => `eg-test:${randomUUID()}:`;

/** An ioredis client as an application would own one; errors are the app's to log (here: kept). */
export interface ClientExtras {
  readonly keyPrefix?: string;
  /** 2 is what ioredis 5 speaks (ioredis 6 defaults to RESP3). */
  readonly protocol?: 2 | 3;
}
export function client(port: number = SHARED_REDIS.port, extra: ClientExtras = {}): Redis {
  const redis = new Redis({
    host: '127.0.0.1',
    port,
    retryStrategy: () => 50,
    ...(extra.keyPrefix === undefined ? {} : { keyPrefix: extra.keyPrefix }),
    ...(extra.protocol === undefined ? {} : { protocol: extra.protocol }),
  });
  redis.on('error', () => {});
  return redis;
}

export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** True when a Redis server answers PING on the port. */
export async function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(200, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
  });
}

/** A private redis-server child process. */
export interface PrivateRedis {
  readonly port: number;
  readonly process: ChildProcess;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<void>;
}

export async function startRedis(port: number, args: readonly string[] = ['--save', '', '--appendonly', 'no']): Promise<PrivateRedis> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...args], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', () => {});
  const deadline = performance.now() + 5_000;
  while (!(await pong(port))) {
    if (performance.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await sleep(20);
  }
  return {
    port,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Kills a child process however it is doing (for afterAll). */
export function kill(server: PrivateRedis | undefined): void {
  const child = server?.process;
  if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
