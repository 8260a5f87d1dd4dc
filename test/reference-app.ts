/*
 * A minimal implementation of the conformance contract on node:http and @entra-guard/core
 * alone: the suite's own proof that it can be passed, and a third party in the cross-adapter
 * comparison. Test-only; not an adapter.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createEntraGuard,
  InvalidRequestError,
  isEntraGuardError,
  noPermissionsError,
  protectedResourceMetadata,
  protectedResourceMetadataUrl,
  requireAppPermissions,
  requireAuthContext,
  requireGroups,
  requireScopes,
  requireScopesOrAppPermissions,
  requireTenant,
  requireUserRoles,
  toHttpResponse,
  type HttpResponseOptions,
  type Policy,
  type Principal,
} from '@entra-guard/core';
import { CONFORMANCE_GROUP, type ConformanceAppFactory } from '../packages/test-support/src/conformance/index.js';

/** A request body that is not what its content-type says: 400 from the "framework". */
class BadBody extends Error {}

const isTokenParameter = (name: string): boolean => name === 'access_token' || name.startsWith('access_token[');

interface Route {
  readonly method: 'GET' | 'POST';
  readonly pattern: RegExp;
  readonly params?: readonly string[];
  /** `optional`: anonymous allowed; `auth`: authentication only; else the policy. */
  readonly requirement: 'optional' | 'auth' | Policy;
}

const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/public$/, requirement: 'optional' },
  { method: 'GET', pattern: /^\/me$/, requirement: 'auth' },
  { method: 'GET', pattern: /^\/orders$/, requirement: requireScopesOrAppPermissions('Orders.Read', 'Orders.Read.All') },
  { method: 'POST', pattern: /^\/orders$/, requirement: requireScopesOrAppPermissions('Orders.Write', 'Orders.ReadWrite.All') },
  { method: 'GET', pattern: /^\/user$/, requirement: requireScopes('Orders.Read') },
  { method: 'GET', pattern: /^\/app$/, requirement: requireAppPermissions('Orders.Read.All') },
  { method: 'GET', pattern: /^\/admin$/, requirement: requireUserRoles('Orders.Admin') },
  { method: 'GET', pattern: /^\/tenants\/([^/]+)\/orders$/, params: ['tenantId'], requirement: requireTenant('tenantId') },
  { method: 'GET', pattern: /^\/export$/, requirement: requireAuthContext('c1') },
  { method: 'GET', pattern: /^\/groups$/, requirement: requireGroups(CONFORMANCE_GROUP) },
];

const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

const principalBody = (p: Principal) => ({ ok: true, kind: p.kind, tenantId: p.tenantId, objectId: p.objectId });

/** The `Authorization` values as received (Node keeps only the first in `req.headers`). */
function authorizationValues(req: IncomingMessage): string[] {
  const values: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() === 'authorization') values.push(req.rawHeaders[i + 1] ?? '');
  }
  return values;
}

function parseBody(req: IncomingMessage, text: string): { parsed: unknown; formToken: boolean } {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(text);
    return { parsed: Object.fromEntries(form), formToken: form.has('access_token') };
  }
  if (type.startsWith('application/json') && text.length > 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new BadBody();
    }
    const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
    return { parsed, formToken: isObject && Object.hasOwn(parsed, 'access_token') };
  }
  return { parsed: text.length > 0 ? text : undefined, formToken: false };
}

/** The reference conformance app. */
export const referenceConformanceApp: ConformanceAppFactory = async (options) => {
  const guard = createEntraGuard(options.guard);
  await guard.ready();
  const pr = options.protectedResource;
  const httpOptions: HttpResponseOptions = pr === undefined ? {} : { resourceMetadataUrl: protectedResourceMetadataUrl(pr.resource) };
  const metadata = pr === undefined ? undefined : protectedResourceMetadata({ resource: pr.resource, authorizationServers: pr.authorizationServers });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/.well-known/oauth-protected-resource' && metadata !== undefined) {
      // As the adapters serve it: RFC 9728 names application/json, without a charset.
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(metadata));
      return;
    }
    const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (route === undefined) {
      await readBody(req);
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    const match = route.pattern.exec(url.pathname)!;
    const params: Record<string, string> = {};
    route.params?.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1] ?? '');
    });
    const { parsed, formToken } = parseBody(req, await readBody(req));

    const header = authorizationValues(req);
    if (header.length > 0 && ([...url.searchParams.keys()].some(isTokenParameter) || formToken)) {
      throw new InvalidRequestError('EG_REQUEST_DUPLICATE_CREDENTIALS', 'a token in the header and in the query or body');
    }
    const authorization = header.length === 0 ? undefined : header.length === 1 ? header[0] : header;

    if (route.requirement === 'optional') {
      try {
        const p = await guard.authenticate(authorization);
        sendJson(res, 200, { ok: true, kind: p.kind });
      } catch (err) {
        if (isEntraGuardError(err) && err.code === 'EG_REQUEST_MISSING_TOKEN') sendJson(res, 200, { ok: true, kind: null });
        else throw err;
      }
      return;
    }
    const principal = await guard.authenticate(authorization);
    if (options.allowTokensWithoutPermissions !== true) {
      const refusal = noPermissionsError(principal);
      if (refusal !== undefined) throw refusal;
    }
    if (route.requirement !== 'auth') guard.authorize(principal, route.requirement, { params, request: req });
    sendJson(res, 200, route.method === 'POST' ? { ...principalBody(principal), received: parsed } : principalBody(principal));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof BadBody) {
        sendJson(res, 400, { error: 'bad request body' });
        return;
      }
      const { status, headers, body } = toHttpResponse(err, httpOptions);
      if (!res.headersSent) res.writeHead(status, headers).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      guard.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
