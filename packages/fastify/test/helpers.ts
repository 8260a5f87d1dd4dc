// Shared set-up for the plugin's HTTP tests: Entra-shaped keys served as a static key set with
// the real cloud's issuers, a token minter, real Fastify servers on port 0, and a raw-socket client
// for requests fetch() cannot send (duplicate headers, non-ASCII bytes).
import { connect } from 'node:net';
import { EntraGuardError, ERROR_CODES, toHttpResponse, type EntraGuardOptions, type ErrorCode } from '@entra-guard/core';
import { createSigningKeys, mintAccessToken, TEST_API_CLIENT_ID, TEST_TENANT_ID, type AccessTokenOptions, type SigningKey } from '@entra-guard/test-support';
import Fastify, { type FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { entraGuardPlugin, type EntraGuardAdapterOptions, type EntraGuardPluginOptions } from '../src/index.js';

export const T = TEST_TENANT_ID;
export const C = TEST_API_CLIENT_ID;
export const ENTRA = 'https://login.microsoftonline.com';

/** The signing key Entra would publish (`issuer` is the multi-tenant template) and an attacker's key. */
export async function createKeys(): Promise<{ key: SigningKey; attacker: SigningKey }> {
  const [key, attacker] = await createSigningKeys(2, { issuer: `${ENTRA}/{tenantid}/v2.0` });
  return { key: key!, attacker: attacker! };
}

/** Guard options trusting exactly `key`, for tenant T and API C, in the public cloud. */
export function guardOptions(key: SigningKey, extra: Partial<EntraGuardOptions> = {}): EntraGuardOptions {
  return { clientId: C, tenancy: { mode: 'single', tenantId: T }, cloud: 'public', keys: { jwks: { keys: [key.jwk] } }, ...extra };
}

/** A token for API C from tenant T, signed by `key` (a user token with scp Orders.Read unless told). */
export function mint(key: SigningKey, options: Partial<Omit<AccessTokenOptions, 'key'>> = {}): string {
  return mintAccessToken({ key, issuerOrigin: ENTRA, tenantId: T, audience: C, ...options });
}

export interface TestServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts a real Fastify server with the plugin registered, then `routes` added. */
export async function startServer(
  options: EntraGuardPluginOptions,
  routes: (app: FastifyInstance) => void | Promise<void> = () => undefined,
): Promise<TestServer> {
  const app = Fastify({ logger: false });
  await app.register(entraGuardPlugin, options);
  await routes(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { app, url: `http://127.0.0.1:${address.port}`, port: address.port, close: () => app.close() };
}

/** The standard test routes: `/me` (authentication only), `/user` (scope), `/public` (optional). */
export function standardRoutes(app: FastifyInstance): void {
  app.get('/me', async (request) => ({ ok: true, kind: request.auth?.kind, objectId: request.auth?.objectId }));
  app.post('/me', async (request) => ({ ok: true, received: request.body }));
  app.get('/public', { config: { entraGuard: { optional: true } } }, async (request) => ({ ok: true, kind: request.auth?.kind ?? null }));
}

export type { EntraGuardAdapterOptions };

export interface RawResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Sends one HTTP/1.1 request byte for byte over a fresh TCP connection and reads the whole
 * answer (the request says `Connection: close`).
 */
export function rawRequest(port: number, head: Buffer | string, body: Buffer | string = ''): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // The server may reset after answering an oversized request; what was read still counts.
      if (err.code === 'ECONNRESET' && chunks.length > 0) return;
      reject(err);
    });
    socket.on('close', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (err) {
        reject(err);
      }
    });
    socket.write(Buffer.concat([Buffer.isBuffer(head) ? head : Buffer.from(head, 'latin1'), Buffer.from('\r\n'), Buffer.isBuffer(body) ? body : Buffer.from(body)]));
  });
}

function parseResponse(data: Buffer): RawResponse {
  const text = data.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) throw new Error(`no HTTP response: ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let body = data.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'));
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status, headers, body: body.toString('utf8') };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** `GET path` with the given header lines, as raw bytes. */
export function rawGet(port: number, path: string, headerLines: (string | Buffer)[]): Promise<RawResponse> {
  const parts: Buffer[] = [Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n`, 'latin1')];
  for (const line of headerLines) parts.push(Buffer.isBuffer(line) ? line : Buffer.from(line, 'latin1'), Buffer.from('\r\n'));
  return rawRequest(port, Buffer.concat(parts));
}

/** Reads a fetch Response into the parts the tests compare. */
export async function read(res: Response): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: res.status, headers, body: await res.text() };
}

/** `fetch(url, { headers })` read into a RawResponse. */
export async function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return read(await fetch(url, { headers }));
}

/** Asserts nothing in a refusal comes from the token or from internals. */
export function leaks(response: RawResponse, token?: string): string[] {
  const text = `${JSON.stringify(response.headers)}\n${response.body}`;
  const found: string[] = [];
  for (const marker of ['ERR_', 'IDX', '\n    at ', 'stack', ENTRA, T]) if (text.includes(marker)) found.push(marker);
  if (token !== undefined) for (const segment of token.split('.')) if (segment.length > 8 && text.includes(segment)) found.push('token');
  return found;
}

/** The exact `WWW-Authenticate` core writes for a code (realm `api`, no scope, no metadata). */
export function challengeFor(code: ErrorCode, realm = 'api'): string {
  const info = ERROR_CODES[code];
  if (info.challenge === 'none') return `Bearer realm="${realm}"`;
  return `Bearer realm="${realm}", error="${info.challenge}", error_description="${info.description}"`;
}

/** The exact body bytes core's mapping gives a code. */
export function bodyFor(code: ErrorCode): string {
  return JSON.stringify(toHttpResponse(new EntraGuardError(code, 'test')).body);
}

/**
 * Asserts a refusal is core's mapping of `code`, byte for byte, and carries nothing from the
 * token or from internals (the catalogue's universal assertions).
 */
export function expectRefusal(response: RawResponse, code: ErrorCode, token?: string): void {
  expect({ status: response.status, code: (JSON.parse(response.body) as { code?: unknown }).code }).toEqual({ status: ERROR_CODES[code].status, code });
  expect(response.body).toBe(bodyFor(code));
  expect(response.headers['www-authenticate']).toBe(challengeFor(code));
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(response.headers['cache-control']).toBe('no-store');
  expect(leaks(response, token)).toEqual([]);
}
