// Shared helpers for the Express adapter's integration tests: both Express majors, real signed
// tokens, servers on 127.0.0.1 port 0, and a raw-socket client that can send what fetch refuses to
// (two Authorization headers, Latin-1 bytes, oversized headers).
import { connect } from 'node:net';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import express4 from 'express4';
import { expect } from 'vitest';
import type { EntraGuardOptions } from '@entra-guard/core';
import {
  createSigningKeys,
  mintAccessToken,
  TEST_API_CLIENT_ID,
  TEST_TENANT_ID,
  type AccessTokenOptions,
  type SigningKey,
} from '@entra-guard/test-support';

export type ExpressModule = typeof express;

/** Every test file runs on both majors: the same middleware must behave identically. */
export const EXPRESS_MAJORS: ReadonlyArray<readonly [string, ExpressModule]> = [
  ['express 5', express],
  ['express 4', express4 as unknown as ExpressModule],
];

export const T = TEST_TENANT_ID;
export const C = TEST_API_CLIENT_ID;
export const ORIGIN = 'https://login.microsoftonline.com';
/** A claim value that must never come back in a response. */
export const MARKER = 'leak-marker-7f3c9a1e5b2d';

export interface TestKeys {
  /** Published (static JWKS), JWK `issuer` = Entra's `{tenantid}` template. */
  readonly key: SigningKey;
  /** Never published: tokens it signs are forgeries. */
  readonly attacker: SigningKey;
  /** Guard options using the static key set and the public cloud. */
  readonly guardOptions: EntraGuardOptions;
}

export async function createTestKeys(): Promise<TestKeys> {
  const [key, attacker] = await createSigningKeys(2);
  if (key === undefined || attacker === undefined) throw new Error('key generation failed');
  const jwk = { ...key.jwk, issuer: `${ORIGIN}/{tenantid}/v2.0` };
  return {
    key,
    attacker,
    guardOptions: { clientId: C, tenancy: { mode: 'single', tenantId: T }, cloud: 'public', keys: { jwks: { keys: [jwk] } } },
  };
}

/** A good v2 token (G2 by default: delegated, `scp` Orders.Read) with a marker claim. */
export function mint(keys: TestKeys, opts: Partial<AccessTokenOptions> = {}): string {
  return mintAccessToken({
    key: keys.key,
    issuerOrigin: ORIGIN,
    tenantId: T,
    audience: C,
    ...opts,
    claims: { name: MARKER, ...opts.claims },
  });
}

export interface Listening {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts an app on 127.0.0.1:0. `close()` drops keep-alive connections too. */
export async function listen(app: { listen: (port: number, host: string, cb: () => void) => Server }): Promise<Listening> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface RawResponse {
  /** 0 when the server closed the connection without a status line. */
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** Everything received, for leak checks. */
  readonly raw: string;
  json(): Record<string, unknown>;
}

export interface RawRequest {
  readonly method?: string;
  readonly path: string;
  /** Sent in this order, duplicates included; Buffer values go out byte for byte. */
  readonly headers?: ReadonlyArray<readonly [string, string | Buffer]>;
  readonly body?: string;
}

function parseResponse(raw: Buffer): RawResponse {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : raw.subarray(end + 4).toString('utf8');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return {
    status,
    headers,
    text: body,
    raw: raw.toString('utf8'),
    json: () => JSON.parse(body) as Record<string, unknown>,
  };
}

/** One HTTP/1.1 request over a fresh TCP connection (`Connection: close`), read to the end. */
export function send(port: number, req: RawRequest): Promise<RawResponse> {
  const lines: Buffer[] = [Buffer.from(`${req.method ?? 'GET'} ${req.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n`)];
  for (const [name, value] of req.headers ?? []) {
    lines.push(Buffer.concat([Buffer.from(`${name}: `), Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'), Buffer.from('\r\n')]));
  }
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
  if (body !== undefined) lines.push(Buffer.from(`Content-Length: ${body.length}\r\n`));
  lines.push(Buffer.from('\r\n'));
  if (body !== undefined) lines.push(body);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(10_000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // Node may answer 431 and reset before it has read everything we wrote.
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') resolve(parseResponse(Buffer.concat(chunks)));
      else reject(err);
    });
    socket.on('end', () => resolve(parseResponse(Buffer.concat(chunks))));
    socket.write(Buffer.concat(lines));
  });
}

/** `Authorization: Bearer <token>` as a header pair. */
export const bearer = (token: string): readonly [string, string] => ['Authorization', `Bearer ${token}`];

const STACK_OR_LIBRARY = /\n\s+at\s|\bat\s+\S+\s+\(|\.[cm]?[jt]s:\d+|node:internal|ERR_|IDX|SyntaxError|TypeError|RangeError/;

/** Catalogue §1's universal assertions: no token, segment, claim, tenant, client id or stack. */
export function expectNoLeak(res: RawResponse, token?: string): void {
  expect(res.raw).not.toMatch(STACK_OR_LIBRARY);
  const secrets = [MARKER, T, C];
  if (token !== undefined) {
    secrets.push(token);
    for (const segment of token.split('.')) if (segment.length >= 8) secrets.push(segment);
  }
  for (const secret of secrets) expect(res.raw.includes(secret), `response leaks ${secret.slice(0, 40)}`).toBe(false);
}

export interface Refusal {
  readonly status: 400 | 401 | 403 | 500 | 503;
  /** The challenge's `error=`; `null` for a challenge without one (RFC 6750 §3.1). */
  readonly error: string | null;
  readonly code: string;
}

/** Asserts a refusal written by core's toHttpResponse: status, challenge, problem body, no leak. */
export function expectRefused(res: RawResponse, expected: Refusal, token?: string): void {
  expect({ status: res.status, code: res.json()['code'] }).toEqual({ status: expected.status, code: expected.code });
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(res.headers['cache-control']).toBe('no-store');
  const challenge = res.headers['www-authenticate'];
  if (expected.status === 503 || expected.status === 500) {
    expect(challenge).toBeUndefined();
  } else {
    expect(challenge).toMatch(/^Bearer realm="[^"]*"/);
    if (expected.error === null) expect(challenge).not.toContain('error=');
    else expect(challenge).toContain(`error="${expected.error}"`);
  }
  const body = res.json();
  expect(Object.keys(body).sort()).toEqual(['code', 'detail', 'status', 'title', 'type']);
  expect(body['status']).toBe(expected.status);
  expectNoLeak(res, token);
}

export const MISSING: Refusal = { status: 401, error: null, code: 'EG_REQUEST_MISSING_TOKEN' };
export const DUPLICATE: Refusal = { status: 400, error: 'invalid_request', code: 'EG_REQUEST_DUPLICATE_CREDENTIALS' };
export const MALFORMED: Refusal = { status: 401, error: 'invalid_token', code: 'EG_REQUEST_MALFORMED_AUTHORIZATION' };
export const NO_PERMISSIONS: Refusal = { status: 403, error: 'insufficient_scope', code: 'EG_NO_PERMISSIONS' };
export const INSUFFICIENT: Refusal = { status: 403, error: 'insufficient_scope', code: 'EG_INSUFFICIENT_PERMISSIONS' };
