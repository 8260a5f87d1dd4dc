// Universal assertions of the attack catalogue (§1): refused with the right code, nothing
// leaks, and the catalogue's good tokens are accepted.
import { expect } from 'vitest';
import { ERROR_CODES, isEntraGuardError, toHttpResponse, type EntraGuard, type ErrorCode, type Principal } from '@entra-guard/core';
import { C, MSA, T, T2, X, type AttackEnv } from './setup.js';

function decodeJsonSegment(segment: string | undefined): unknown {
  if (segment === undefined || segment.length === 0 || segment.length > 20_000) return undefined;
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function collectValues(value: unknown, out: string[], depth = 0): void {
  if (depth > 16) return;
  if (typeof value === 'string' && value.length >= 6) out.push(value);
  else if (typeof value === 'number' && String(value).length >= 6) out.push(String(value));
  else if (Array.isArray(value)) value.slice(0, 50).forEach((v) => collectValues(v, out, depth + 1));
  else if (typeof value === 'object' && value !== null) Object.values(value).slice(0, 100).forEach((v) => collectValues(v, out, depth + 1));
}

/** Everything a response about `token` must not contain. */
function forbiddenStrings(guard: EntraGuard, token: string, extra: readonly string[]): string[] {
  const out = [token, ...extra, T, T2, X, MSA, C];
  const segments = token.split('.');
  for (const seg of segments) if (seg.length >= 8) out.push(seg);
  const header = decodeJsonSegment(segments[0]);
  if (typeof header === 'object' && header !== null) {
    for (const name of ['kid', 'x5t', 'jku', 'x5u']) {
      const v = (header as Record<string, unknown>)[name];
      if (typeof v === 'string' && v.length >= 3) out.push(v);
    }
  }
  collectValues(header, out);
  collectValues(decodeJsonSegment(segments[1]), out);
  const o = guard.options;
  out.push(o.clientId, ...o.audiences, o.cloud.authorityHost, o.cloud.v2IssuerOrigin);
  if (o.tenancy.mode === 'single') out.push(o.tenancy.tenantId);
  if (o.tenancy.mode === 'multi') out.push(...o.tenancy.tenants);
  return out;
}

const STACK_OR_LIBRARY = /\n\s+at\s|\bat\s+\S+\s+\(|\.[cm]?[jt]s:\d+|node:internal|ERR_|IDX|SyntaxError|TypeError|RangeError/;

/** Asserts what the catalogue's universal rule asks of any response to a refused token. */
export function expectNoLeak(guard: EntraGuard, err: unknown, token: string, extraSecrets: readonly string[] = []): void {
  const res = toHttpResponse(err);
  const text = `${JSON.stringify(res.headers)}\n${JSON.stringify(res.body)}`;
  expect(text).not.toMatch(STACK_OR_LIBRARY);
  for (const value of Object.values(res.headers)) expect(value).not.toMatch(/[\r\n]/);
  for (const secret of forbiddenStrings(guard, token, extraSecrets)) {
    expect(text.includes(secret), `response leaks ${JSON.stringify(secret.slice(0, 80))}`).toBe(false);
  }
}

export interface Rejection {
  readonly error: { code: ErrorCode; status: number; detail: string; message: string };
  readonly ms: number;
}

/**
 * Validates `token` and asserts it is refused with `code` (or one of `code`), mapped by
 * toHttpResponse to the code's status (401 unless the code says otherwise) with the code's
 * challenge and fixed text, leaking nothing. Returns the error and how long validation took.
 */
export async function expectRejected(
  guard: EntraGuard,
  token: string,
  code: ErrorCode | readonly ErrorCode[],
  extraSecrets: readonly string[] = [],
): Promise<Rejection> {
  const started = performance.now();
  const outcome = await guard.validateToken(token).then(
    (principal) => ({ accepted: true as const, principal }),
    (error: unknown) => ({ accepted: false as const, error }),
  );
  const ms = performance.now() - started;
  if (outcome.accepted) return expect.fail(`token was ACCEPTED (expected ${String(code)}); principal kind ${outcome.principal.kind}`);
  const err = outcome.error;
  if (!isEntraGuardError(err)) return expect.fail(`rejected with a non-EntraGuardError: ${String(err)}`);
  const codes: readonly ErrorCode[] = typeof code === 'string' ? [code as ErrorCode] : (code as readonly ErrorCode[]);
  expect(codes, `observed ${err.code} (${err.detail})`).toContain(err.code);
  const info = ERROR_CODES[err.code];
  expect(err.status).toBe(info.status);
  expect(err.message).toBe(info.description);
  const res = toHttpResponse(err);
  expect(res.status).toBe(info.status);
  expect([401, 403]).toContain(res.status);
  expect(res.body.code).toBe(err.code);
  expect(res.body.detail).toBe(info.description);
  // err.detail is for logs (docs/errors.md: "log it"): no control characters, so no log injection.
  const control = [...err.detail].filter((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
  expect(control, `err.detail carries control characters: ${JSON.stringify(err.detail)}`).toEqual([]);
  if (info.challenge !== 'none') expect(res.headers['www-authenticate']).toContain(`error="${info.challenge}"`);
  expectNoLeak(guard, err, token, extraSecrets);
  return { error: err, ms };
}

/** Validates a token that must be accepted; on refusal, fails with the private reason. */
export async function expectAccepted(guard: EntraGuard, token: string): Promise<Principal> {
  try {
    return await guard.validateToken(token);
  } catch (err) {
    const e = err as { code?: string; detail?: string };
    return expect.fail(`good token refused: ${e.code ?? String(err)} (${e.detail ?? ''})`);
  }
}

/** Asserts the principal of one of the catalogue's good tokens. */
export function expectGoodPrincipal(p: Principal, kind: 'user' | 'app', version: '1.0' | '2.0', tenantId = T): void {
  expect(p.kind).toBe(kind);
  expect(p.tenantId).toBe(tenantId);
  expect(p.tokenVersion).toBe(version);
}

/** The three good tokens of the catalogue, for positive controls. */
export async function expectGoodTokensAccepted(env: AttackEnv, guard: EntraGuard = env.guard): Promise<void> {
  expectGoodPrincipal(await expectAccepted(guard, env.g2()), 'user', '2.0');
  expectGoodPrincipal(await expectAccepted(guard, env.g1()), 'user', '1.0');
  const app = await expectAccepted(guard, env.ga());
  expectGoodPrincipal(app, 'app', '2.0');
  expect(app.roles.has('Orders.Read.All')).toBe(true);
}

