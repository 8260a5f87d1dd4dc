import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from './context.js';
import { authorizeEndpoint } from './endpoints/authorize.js';
import { deviceCodeEndpoint } from './endpoints/devicecode.js';
import { deviceLoginPage } from './endpoints/devicelogin.js';
import { errorLookupPage } from './endpoints/error-page.js';
import { instanceDiscovery } from './endpoints/instance-discovery.js';
import { keysDocument } from './endpoints/keys.js';
import { loginEndpoint } from './endpoints/login.js';
import { logoutEndpoint } from './endpoints/logout.js';
import { v1Configuration, v2Configuration } from './endpoints/openid-configuration.js';
import { tokenEndpoint, tokenPreflight } from './endpoints/token.js';
import { userinfoEndpoint } from './endpoints/userinfo.js';
import { EntraError } from './errors/entra-error.js';
import { errorReply } from './http/error-reply.js';
import { BadRequestError, readRequest, type EmulatorRequest } from './http/request.js';
import { jsonReply, type Reply } from './http/reply.js';
import type { LoggedRequest } from './state/request-log.js';
import type { EmulatorConfig } from './tenants/config-types.js';
import { resolveSegment } from './tenants/segment.js';
import { TEST_API_PREFIX, testApi } from './test-api.js';
import { applyFault } from './fault-reply.js';

type Endpoint = (ctx: EmulatorContext, req: EmulatorRequest, segment: string) => Reply | Promise<Reply>;

const metadata =
  (build: (ctx: EmulatorContext, req: EmulatorRequest, segment: string) => unknown): Endpoint =>
  (ctx, req, segment) => {
    try {
      return jsonReply(200, build(ctx, req, segment), 'metadata');
    } catch (error) {
      if (error instanceof EntraError) return errorReply(ctx, req, error, 'metadata', { 'Access-Control-Allow-Origin': '*' });
      throw error;
    }
  };

// Tenant routes: `/{tenant}{rest}`, keyed by method and rest. Every one accepts GUIDs and domains.
const TENANT_ROUTES: Readonly<Record<string, Endpoint>> = {
  'GET /v2.0/.well-known/openid-configuration': metadata((ctx, req, s) => v2Configuration(ctx, resolveSegment(ctx, s), req.query.appid)),
  'GET /.well-known/openid-configuration': metadata((ctx, _req, s) => v1Configuration(ctx, resolveSegment(ctx, s))),
  'GET /discovery/v2.0/keys': metadata((ctx, _req, s) => keysDocument(ctx, resolveSegment(ctx, s), 2)),
  'GET /discovery/keys': metadata((ctx, _req, s) => keysDocument(ctx, resolveSegment(ctx, s), 1)),
  'GET /oauth2/v2.0/authorize': authorizeEndpoint,
  'POST /oauth2/v2.0/authorize': authorizeEndpoint,
  'POST /login': (ctx, req) => loginEndpoint(ctx, req),
  'POST /oauth2/v2.0/token': tokenEndpoint,
  'OPTIONS /oauth2/v2.0/token': (_ctx, req) => tokenPreflight(req),
  'POST /oauth2/v2.0/devicecode': (ctx, req, s) => {
    try {
      return jsonReply(200, deviceCodeEndpoint(ctx, req, s));
    } catch (error) {
      if (error instanceof EntraError) return errorReply(ctx, req, error);
      throw error;
    }
  },
  'GET /oauth2/v2.0/logout': (ctx, req) => logoutEndpoint(ctx, req),
  'POST /oauth2/v2.0/logout': (ctx, req) => logoutEndpoint(ctx, req),
};

const ROOT_ROUTES: Readonly<Record<string, Endpoint>> = {
  'GET /common/discovery/instance': metadata((ctx, req) => instanceDiscovery(ctx, req.query)),
  'GET /oidc/userinfo': (ctx, req) => userinfoEndpoint(ctx, req),
  'POST /oidc/userinfo': (ctx, req) => userinfoEndpoint(ctx, req),
  'GET /devicelogin': (ctx, req) => deviceLoginPage(ctx, req),
  'POST /devicelogin': (ctx, req) => deviceLoginPage(ctx, req),
  'GET /error': (_ctx, req) => errorLookupPage(req),
};

const PREFLIGHT: Reply = { status: 204, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, OPTIONS', 'Access-Control-Max-Age': '86400' }, body: '' };

function route(ctx: EmulatorContext, req: EmulatorRequest, config: EmulatorConfig): Reply | Promise<Reply> {
  if (req.path === TEST_API_PREFIX || req.path.startsWith(`${TEST_API_PREFIX}/`)) return testApi(ctx, req, config);
  const root = ROOT_ROUTES[`${req.method} ${req.path}`];
  if (root !== undefined) return root(ctx, req, '');
  const match = /^\/([^/_][^/]*)(\/.*)$/.exec(req.path);
  if (match !== null) {
    const [, segment = '', rest = ''] = match;
    const endpoint = TENANT_ROUTES[`${req.method} ${rest}`];
    if (endpoint !== undefined) return endpoint(ctx, req, decodeURIComponent(segment));
    if (req.method === 'OPTIONS' && TENANT_ROUTES[`GET ${rest}`] !== undefined) return PREFLIGHT;
  }
  if (req.method === 'OPTIONS' && ROOT_ROUTES[`GET ${req.path}`] !== undefined) return PREFLIGHT;
  return jsonReply(404, { error: 'not_found', error_description: `The emulator does not serve ${req.method} ${req.path}.` });
}

function write(res: ServerResponse, reply: Reply, common: Readonly<Record<string, string>>): void {
  const headers: Record<string, string | string[]> = { ...common };
  for (const [k, v] of Object.entries(reply.headers)) headers[k] = typeof v === 'string' ? v : [...v];
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

/**
 * The emulator as a plain `(req, res)` listener, like `provider.callback()` in
 * node-oidc-provider: reads the request, records it, applies injected faults, routes, and
 * writes the reply with the headers every Entra response carries.
 */
export function createHandler(context: () => EmulatorContext, config: EmulatorConfig): (req: IncomingMessage, res: ServerResponse) => void {
  return (incoming, res) => {
    void (async () => {
      const ctx = context();
      let logged: LoggedRequest | undefined;
      const common: Record<string, string> = { 'x-ms-request-id': randomUUID(), 'x-ms-ests-server': '2.1.0.0 - entra-guard emulator', 'X-Content-Type-Options': 'nosniff' };
      if (ctx.options.tls) common['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
      try {
        const req = await readRequest(incoming);
        if (req.correlationId !== undefined) common['client-request-id'] = req.correlationId;
        const isTestApi = req.path.startsWith(TEST_API_PREFIX);
        if (!isTestApi) {
          const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
          const hasBody = Object.keys(req.form).length > 0;
          logged = ctx.log.record({ time: new Date(ctx.clock.nowMs()).toISOString(), method: req.method, path: req.path, query: req.query, headers, body: hasBody ? { ...req.form } : undefined });
          const faulted = await applyFault(ctx, req, res);
          if (faulted === 'destroyed') return;
          if (faulted !== undefined) {
            logged.status = faulted.status;
            write(res, faulted, common);
            return;
          }
        }
        const reply = await route(ctx, req, config);
        if (logged !== undefined) logged.status = reply.status;
        write(res, reply, common);
      } catch (error) {
        const status = error instanceof BadRequestError ? 400 : 500;
        const entra = new EntraError(status === 400 ? 'malformedGrant' : 'serverError', { detail: (error as Error).message });
        if (logged !== undefined) logged.status = status;
        if (!res.headersSent) write(res, { status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify({ error: entra.entry.error, error_description: `AADSTS${entra.entry.code}: ${entra.message}`, error_codes: [entra.entry.code] }) }, common);
        else res.destroy();
      }
    })();
  };
}
