import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createIdentityHttpClient } from './clients/identity.js';
import { createMsalNetworkClient } from './clients/msal.js';
import { createOpenidFetch, type OpenidCustomFetch } from './clients/openid.js';
import { createTrustingFetch } from './clients/trusting-fetch.js';
import { createUrls, ENTRA_ORIGIN, type EmulatorContext, type Urls } from './context.js';
import { approveDeviceCode } from './endpoints/devicecode.js';
import type { Emulator } from './emulator.js';
import { createHandler } from './handler.js';
import { fingerprintSha256 } from './keys/certificates.js';
import { DEFAULT_DATA_DIR, loadMaterial, signingKeysPath, writeAtomic } from './keys/data-dir.js';
import { KeyRing } from './keys/key-ring.js';
import { loadConfig } from './load-config.js';
import { resolveOptions, type EmulatorOptions } from './options.js';
import { reset, revoke } from './operations.js';
import { Clock } from './state/clock.js';
import { Faults } from './state/faults.js';
import { RequestLog } from './state/request-log.js';
import { Stores } from './state/stores.js';
import { Directory } from './tenants/directory.js';
import { mintToken } from './tokens/mint.js';

const MICROSOFT_ORIGINS = new Set([ENTRA_ORIGIN, 'https://graph.microsoft.com', 'https://microsoft.com']);

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** In impersonation mode, Microsoft's hosts are sent to the local listener; otherwise nothing changes. */
function rewriter(urls: Urls, impersonate: boolean): (url: URL) => URL {
  if (!impersonate) return (url) => url;
  return (url) => (MICROSOFT_ORIGINS.has(url.origin) ? new URL(`${url.pathname}${url.search}`, urls.localOrigin) : url);
}

/**
 * Starts the emulator: loads (or on first start creates) the CA, TLS certificate and signing
 * keys in `dataDir`, validates the directory, and listens on loopback.
 *
 * @example
 * const emu = await startEmulator({ port: 0, dataDir: tmp });
 * const cca = new ConfidentialClientApplication(emu.msalConfig({ clientId: DEMO.daemon.appId, clientSecret: DEMO.daemon.secret }));
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const resolved = resolveOptions(options, DEFAULT_DATA_DIR);
  // The configuration first: it is quick to check, and a bad one should not cost a key generation.
  const config = await loadConfig(options.config);
  const material = await loadMaterial(resolved.dataDir);
  const keys = new KeyRing(material.signingKeys, (stored) => writeAtomic(signingKeysPath(material.dir), stored));
  const handler = { current: (_req: IncomingMessage, res: ServerResponse): void => void res.writeHead(503).end() };
  const listener = (req: IncomingMessage, res: ServerResponse): void => handler.current(req, res);
  const server: Server = resolved.tls ? createHttpsServer({ cert: material.tls.certPem, key: material.tls.keyPem }, listener) : createHttpServer(listener);
  const port = await listen(server, resolved.port, resolved.host);
  const urls = createUrls(resolved, port);
  const context: EmulatorContext = {
    options: resolved,
    urls,
    directory: new Directory(config),
    keys,
    clock: new Clock(),
    stores: new Stores(),
    faults: new Faults(),
    log: new RequestLog(),
    caPem: material.ca.certPem,
  };
  handler.current = createHandler(() => context, config);
  const trusting = createTrustingFetch(material.ca.certPem, rewriter(urls, resolved.mode === 'impersonate'));
  const firstTenant = config.tenants[0]?.id ?? 'common';
  const tenantId = (tenant: string | undefined): string => (tenant === undefined ? firstTenant : (context.directory.tenant(tenant)?.id ?? tenant));
  const msalNetworkClient = createMsalNetworkClient(trusting.fetch);
  const openidFetch = createOpenidFetch(trusting.fetch);
  return {
    origin: urls.publicOrigin,
    localOrigin: urls.localOrigin,
    port,
    mode: resolved.mode,
    caPem: material.ca.certPem,
    caPath: material.caPath,
    caFingerprint: fingerprintSha256(material.ca.certPem),
    dataDir: material.dir,
    config,
    fetch: trusting.fetch,
    authority: (tenant) => `${urls.publicOrigin}/${tenant ?? firstTenant}`,
    issuer: (tenant, version = 2) => (version === 1 ? urls.v1Issuer(tenantId(tenant)) : urls.v2Issuer(tenantId(tenant))),
    msalNetworkClient: () => msalNetworkClient,
    msalConfig: (auth) => {
      const { tenant, ...rest } = auth;
      // MSAL's known authorities want host:port; with them it skips instance discovery (spec §7.1).
      const known = resolved.mode === 'impersonate' ? [] : [new URL(urls.publicOrigin).host];
      return { auth: { ...rest, authority: `${urls.publicOrigin}/${tenant ?? firstTenant}`, knownAuthorities: known }, system: { networkClient: msalNetworkClient } };
    },
    identityOptions: () => ({ authorityHost: urls.publicOrigin, disableInstanceDiscovery: true, httpClient: createIdentityHttpClient(trusting.fetch) }),
    openidClientOptions: <S extends symbol>(customFetch: S) => ({ [customFetch]: openidFetch }) as { [K in S]: OpenidCustomFetch },
    mint: (mintOptions) => mintToken(context, mintOptions),
    rotateKeys: () => keys.rotate(),
    setClock: (offsetSeconds) => {
      context.clock.offsetSeconds = offsetSeconds;
    },
    advanceClock: (seconds) => {
      context.clock.offsetSeconds += seconds;
    },
    injectFault: (fault) => context.faults.add(fault),
    clearFaults: () => context.faults.clear(),
    revoke: (input) => revoke(context, input),
    approveDeviceCode: (input) => approveDeviceCode(context, input),
    requests: (filter) => context.log.list(filter),
    clearRequests: () => context.log.clear(),
    reset: () => reset(context, config),
    stop: async () => {
      trusting.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
