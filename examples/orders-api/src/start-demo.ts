// `npm start`: the emulator with the demo directory, and the API (plus the web client, when it
// is part of the build) configured for it: multi-tenant, tenants A and B allowed, authority =
// the emulator, keys fetched through a fetch that trusts the emulator's CA. Nothing to install.
import { randomBytes } from 'node:crypto';
import { DEMO, startEmulator, type Emulator } from '@entra-guard/emulator';
import { DEFAULT_PORT, loadConfig } from './config.js';
import { demoBanner } from './demo/banner.js';
import { seedDemoOrders } from './demo/demo-data.js';
import { createLogger } from './http/logging.js';
import { startApi, StartupError, type RunningApi } from './runtime.js';
import { exitOnSignals } from './shutdown.js';
import { loadWebClient } from './web-client.js';

const DEFAULT_EMULATOR_PORT = 8443;

async function startEmulatorOn(port: number, fallback: boolean, dataDir: string | undefined): Promise<Emulator> {
  const options = { ...(dataDir === undefined ? {} : { dataDir }) };
  try {
    return await startEmulator({ ...options, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' && fallback) return startEmulator({ ...options, port: 0 });
    throw error;
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(): Promise<void> {
  const env = process.env;
  const emulatorPortRaw = env.EMULATOR_PORT?.trim();
  const emulatorPort = emulatorPortRaw === undefined || emulatorPortRaw === '' ? DEFAULT_EMULATOR_PORT : Number(emulatorPortRaw);
  if (!Number.isInteger(emulatorPort) || emulatorPort < 0 || emulatorPort > 65535) fail(`configuration error: EMULATOR_PORT must be an integer from 0 to 65535; got "${emulatorPortRaw ?? ''}"`);

  const mountWebClient = await loadWebClient();
  let emu: Emulator;
  try {
    emu = await startEmulatorOn(emulatorPort, emulatorPortRaw === undefined || emulatorPortRaw === '', env.EMULATOR_DATA_DIR?.trim() || undefined);
  } catch (error) {
    fail(`startup error: the emulator did not start: ${error instanceof Error ? error.message : String(error)}`);
  }

  // The demo directory decides the Entra settings; PORT, LOG_LEVEL, DATABASE_URL, REDIS_URL and
  // RATE_LIMIT_PER_MINUTE are read from the environment as for `npm run api`.
  const demoEnv = {
    ...env,
    ENTRA_CLIENT_ID: DEMO.ordersApi.appId,
    ENTRA_TENANT_ID: 'organizations',
    ENTRA_ALLOWED_TENANTS: `${DEMO.tenantA.id},${DEMO.tenantB.id}`,
    ENTRA_AUTHORITY_HOST: emu.origin,
    ENTRA_AUDIENCE: undefined,
    ENTRA_CLOCK_SKEW_SECONDS: undefined,
    NODE_EXTRA_CA_CERTS: undefined,
    SHUTDOWN_GRACE_SECONDS: env.SHUTDOWN_GRACE_SECONDS ?? '5',
    ...(mountWebClient === undefined
      ? { WEB_CLIENT_ID: undefined, WEB_CLIENT_SECRET: undefined, WEB_COOKIE_SECRET: undefined, WEB_PUBLIC_ORIGIN: undefined }
      : { WEB_CLIENT_ID: DEMO.webClient.appId, WEB_CLIENT_SECRET: DEMO.webClient.secret, WEB_COOKIE_SECRET: randomBytes(32).toString('base64url'), WEB_PUBLIC_ORIGIN: undefined }),
  };
  const result = loadConfig(demoEnv);
  if (!result.ok) {
    await emu.stop();
    for (const problem of result.problems) console.error(`configuration error: ${problem}`);
    process.exit(1);
  }
  const logger = createLogger(result.config.logLevel);
  let api: RunningApi;
  try {
    api = await startApi(result.config, {
      logger,
      fetch: emu.fetch,
      webClientFetch: emu.fetch,
      portFallback: env.PORT === undefined || env.PORT.trim() === '',
      seed: seedDemoOrders,
      ...(mountWebClient === undefined ? {} : { mountWebClient }),
    });
  } catch (error) {
    await emu.stop();
    fail(`startup error: ${error instanceof StartupError || error instanceof Error ? error.message : String(error)}`);
  }
  exitOnSignals(async () => {
    await api.close();
    await emu.stop();
  }, logger);

  // Alice's token, for the curl: delegated, Orders.Read and Orders.Write, from the web client.
  const issuedAt = Math.floor(Date.now() / 1000);
  const lifetimeSeconds = 3600;
  const token = emu.mint({ tenant: DEMO.tenantA.id, user: DEMO.users.alice.oid, audience: DEMO.ordersApi.appId, scopes: ['Orders.Read', 'Orders.Write'], issuedAt, lifetimeSeconds });
  if (api.port !== DEFAULT_PORT && (env.PORT === undefined || env.PORT.trim() === '')) console.log(`(port ${DEFAULT_PORT} is in use: the API took ${api.port})`);
  console.log(
    demoBanner({
      apiUrl: api.url,
      emulatorOrigin: emu.origin,
      caPath: emu.caPath,
      webClient: api.webClient,
      token,
      tokenExpiresAt: new Date((issuedAt + lifetimeSeconds) * 1000),
      database: api.db.engine === 'pglite' ? 'embedded PostgreSQL (PGlite, in memory)' : 'PostgreSQL (DATABASE_URL)',
    }),
  );
  console.log(`listening on ${api.url}`);
}

await main();
