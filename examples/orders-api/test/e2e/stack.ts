// The stack the end-to-end tests run against: an emulator (own temp data folder) and the real
// orders API app (src/http/app.ts: helmet, logs, entra-guard, PGlite in memory) with the web
// client mounted through its `mount` hook, listening on 127.0.0.1:0.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEntraGuard, InMemoryRevocationStore } from '@entra-guard/core';
import { DEMO, startEmulator, type Emulator } from '@entra-guard/emulator';
import { openDatabase } from '../../src/db/database.js';
import { createApp } from '../../src/http/app.js';
import { createLogger } from '../../src/http/logging.js';
import { mountWebClient } from '../../src/web/index.js';

export interface Stack {
  readonly emu: Emulator;
  /** The origin the browser uses, e.g. `http://localhost:50123`. */
  readonly origin: string;
  /** The authority given to the web client. */
  readonly authority: string;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Host name in the public origin: `localhost` (Secure cookies) or `127.0.0.1` (no Secure). Default `127.0.0.1`. */
  readonly host?: 'localhost' | '127.0.0.1';
  /** Tenant segment of the authority: a tenant id, or `organizations` (multi-tenant). Default `organizations`. */
  readonly tenant?: string;
}

export const WEB_SCOPES = [`${DEMO.ordersApi.identifierUri}/Orders.Read`, `${DEMO.ordersApi.identifierUri}/Orders.Write`] as const;

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

// The emulator generates its CA and five RSA keys in an empty data folder (a few seconds); the
// stacks of one test file start from a copy of the first set.
let material: Promise<string> | undefined;

async function emulatorDataDir(): Promise<string> {
  material ??= (async () => {
    const template = await mkdtemp(join(tmpdir(), 'orders-e2e-material-'));
    process.once('exit', () => rmSync(template, { recursive: true, force: true }));
    await (await startEmulator({ port: 0, dataDir: template })).stop();
    return template;
  })();
  const dir = await mkdtemp(join(tmpdir(), 'orders-e2e-'));
  await cp(await material, dir, { recursive: true });
  return dir;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = await emulatorDataDir();
  const emu = await startEmulator({ port: 0, dataDir });
  const server = createServer();
  const port = await listen(server);
  const origin = `http://${options.host ?? '127.0.0.1'}:${port}`;
  const authority = `${emu.authority(options.tenant ?? 'organizations')}/v2.0`;
  const guard = createEntraGuard({
    clientId: DEMO.ordersApi.appId,
    tenancy: { mode: 'multi', allowedTenants: [DEMO.tenantA.id, DEMO.tenantB.id] },
    cloud: { authorityHost: emu.origin },
    fetch: emu.fetch,
  });
  const db = await openDatabase();
  const webOptions = { authority, clientId: DEMO.webClient.appId, clientSecret: DEMO.webClient.secret, scopes: WEB_SCOPES, publicOrigin: origin, fetch: emu.fetch, cookieSecret: randomBytes(32).toString('base64url') };
  const app = createApp({ guard, db, revocations: new InMemoryRevocationStore(), logger: createLogger('silent'), mount: (expressApp) => mountWebClient(expressApp, webOptions) });
  server.on('request', app);
  return {
    emu,
    origin,
    authority,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      guard.close();
      await db.close();
      await emu.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Places an order as `user` through the API, with a token minted by the emulator (test data). */
export async function seedOrder(stack: Stack, user: { readonly oid: string }, tenant: string, item: string, quantity: number): Promise<void> {
  const token = stack.emu.mint({ tenant, user: user.oid, client: DEMO.webClient.appId, audience: DEMO.ordersApi.appId, scopes: ['Orders.Read', 'Orders.Write'] });
  const res = await fetch(`${stack.origin}/api/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ item, quantity }),
  });
  if (res.status !== 201) throw new Error(`seeding an order failed: ${res.status} ${await res.text()}`);
}
