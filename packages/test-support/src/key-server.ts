import { createServer, type Server } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { matchRoute, resolveTenant, v1DiscoveryDocument, v2DiscoveryDocument, type EntraRoute } from './entra-discovery.js';
import { applyFault, type Fault, type FaultTarget } from './faults.js';
import { ORIGIN_PLACEHOLDER, type SigningKey } from './signing-key.js';
import { createTestCa, type TestCa } from './test-ca.js';
import { createTrustingFetch } from './trusting-fetch.js';

/** One request as the key server received it. */
export interface KeyServerRequest {
  readonly method: string;
  /** Path including any query string. */
  readonly path: string;
  /** `Date.now()` when the request arrived. */
  readonly at: number;
  /** Request headers (lower-case names), for checking what a client sent. */
  readonly headers: Readonly<IncomingHttpHeaders>;
}

/** Options for {@link startKeyServer}. */
export interface KeyServerOptions {
  /** Keys served on the v2.0 keys endpoint. */
  keys: SigningKey[];
  /** Keys served on the v1 keys endpoint. Default: whatever the v2 keys are (following {@link KeyServer.setKeys}). */
  v1Keys?: SigningKey[];
  /** TLS identity to serve with. Default: a fresh {@link createTestCa}. */
  ca?: TestCa;
}

/** A running local HTTPS stand-in for login.microsoftonline.com, with controls for tests. */
export interface KeyServer {
  /** `https://127.0.0.1:PORT`, used where Entra uses `https://login.microsoftonline.com`. */
  readonly origin: string;
  /** PEM of the CA that issued the server's certificate. */
  readonly caPem: string;
  /** A `fetch` that trusts {@link KeyServer.caPem} (undici `Response` objects; see createTrustingFetch). */
  readonly fetch: typeof fetch;
  /** Replaces the v2.0 keys (and the v1 keys, unless they were given explicitly or pinned). */
  setKeys(keys: SigningKey[]): void;
  /** Pins the v1 keys; from now on they no longer follow {@link KeyServer.setKeys}. */
  setV1Keys(keys: SigningKey[]): void;
  /** Serves exactly this body (200, JSON headers) on the v2.0 keys endpoint; `null` restores. */
  setRawKeysBody(body: string | null): void;
  /** Serves `doc` verbatim as the discovery document of that version for every tenant; `null` restores. */
  overrideDiscovery(version: '1.0' | '2.0', doc: object | null): void;
  /** Injects a fault; `null` clears that target. A `discovery`/`keys` fault wins over an `all` fault. */
  setFault(target: FaultTarget, fault: Fault | null): void;
  /** Every request received so far, oldest first (a live view). */
  readonly requests: ReadonlyArray<KeyServerRequest>;
  /** Empties {@link KeyServer.requests} (in place, so held references see it). */
  clearRequests(): void;
  /** Number of logged requests whose path contains `pathIncludes`. */
  countRequests(pathIncludes: string): number;
  /** Stops the server, dropping every open connection (hung ones included). */
  close(): Promise<void>;
}

/** Entra serves its metadata as cacheable for a day. */
const OK_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'max-age=86400, private' };
const ERROR_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store, no-cache' };

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Serialises a key's JWK for one endpoint: v2 with the origin filled in, v1 without `issuer`. */
function publishedJwk(key: SigningKey, version: '1.0' | '2.0', origin: string): Record<string, unknown> {
  const { issuer, ...rest } = key.jwk;
  if (version === '1.0') return rest;
  return typeof issuer === 'string' ? { ...key.jwk, issuer: issuer.replaceAll(ORIGIN_PLACEHOLDER, origin) } : { ...key.jwk };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Starts an HTTPS server on 127.0.0.1 (random port) that answers Entra's discovery and key
 * paths for any GUID tenant and for `common`, `organizations` and `consumers`.
 */
export async function startKeyServer(opts: KeyServerOptions): Promise<KeyServer> {
  const ca = opts.ca ?? (await createTestCa());
  let keys = [...opts.keys];
  let v1Keys = opts.v1Keys === undefined ? null : [...opts.v1Keys]; // null: follow the v2 keys
  let rawKeysBody: string | null = null;
  const discoveryOverrides = new Map<'1.0' | '2.0', object>();
  const faults = new Map<FaultTarget, Fault>();
  const requests: KeyServerRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let origin = '';

  const respond = (route: EntraRoute | undefined, res: ServerResponse): void => {
    if (route === undefined) return send(res, 404, '{"error":"not_found"}', ERROR_HEADERS);
    const tenant = resolveTenant(route.tenant);
    if (tenant === undefined) {
      const error = { error: 'invalid_tenant', error_description: `Tenant '${route.tenant}' not found.` };
      return send(res, 400, JSON.stringify(error), ERROR_HEADERS);
    }
    if (route.kind === 'discovery') {
      const override = discoveryOverrides.get(route.version);
      const build = route.version === '2.0' ? v2DiscoveryDocument : v1DiscoveryDocument;
      return send(res, 200, JSON.stringify(override ?? build(origin, tenant)), OK_HEADERS);
    }
    if (route.version === '2.0' && rawKeysBody !== null) return send(res, 200, rawKeysBody, OK_HEADERS);
    const served = route.version === '2.0' ? keys : (v1Keys ?? keys);
    const body = { keys: served.map((key) => publishedJwk(key, route.version, origin)) };
    return send(res, 200, JSON.stringify(body), OK_HEADERS);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path, at: Date.now(), headers: req.headers });
    const route = matchRoute(path.split('?', 1)[0] ?? path);
    const fault = (route === undefined ? undefined : faults.get(route.kind)) ?? faults.get('all');
    if (fault !== undefined) {
      applyFault(fault, req, res, {
        respondNormally: () => respond(route, res),
        schedule: (ms, run) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            run();
          }, ms);
          timers.add(timer);
        },
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, '{"error":"method_not_allowed"}', ERROR_HEADERS);
    }
    respond(route, res);
  };

  const server = createServer({ key: ca.keyPem, cert: ca.certPem }, handle);
  // Track raw sockets from the first byte, so even connections stuck in the TLS handshake are closed.
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  origin = `https://127.0.0.1:${await listen(server)}`;
  const trusting = createTrustingFetch(ca.caPem);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await Promise.all([closed, trusting.close()]);
    })();
    return closing;
  };

  return {
    origin,
    caPem: ca.caPem,
    fetch: trusting.fetch,
    setKeys: (next) => void (keys = [...next]),
    setV1Keys: (next) => void (v1Keys = [...next]),
    setRawKeysBody: (body) => void (rawKeysBody = body),
    overrideDiscovery: (version, doc) => void (doc === null ? discoveryOverrides.delete(version) : discoveryOverrides.set(version, doc)),
    setFault: (target, fault) => void (fault === null ? faults.delete(target) : faults.set(target, fault)),
    requests,
    clearRequests: () => void (requests.length = 0),
    countRequests: (pathIncludes) => requests.filter((r) => r.path.includes(pathIncludes)).length,
    close,
  };
}
