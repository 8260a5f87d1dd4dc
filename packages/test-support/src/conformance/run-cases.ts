/*
 * Runs conformance cases against started apps and checks responses. Framework- and
 * runner-free: describe-conformance.ts wraps it in vitest, recordResponses uses it directly.
 */
import { ERROR_CODES, type ErrorCode } from '@entra-guard/core';
import { CONFIGURED_IDS, CONFORMANCE_CASES, resolveRequest, tokensUsed, type CaseRequest, type ConformanceCase, type SetupAction } from './cases.js';
import type { ConformanceAppFactory, RunningApp } from './contract.js';
import { createConformanceFixture, MARKERS, REVOCATION_FAILURE_TEXT, T, type ConformanceAppVariant, type ConformanceFixture } from './fixture-tokens.js';
import { httpRequest, rawRequest, type HttpResult } from './raw-http.js';

/** What one case produced. */
export interface CaseOutcome {
  readonly request: CaseRequest;
  readonly response: HttpResult | undefined;
  /** Set when no response could be read (timeout, reset). */
  readonly error: string | undefined;
  readonly durationMs: number;
}

/** Apps by variant (`undefined`: the default app). */
export type AppsByVariant = ReadonlyMap<ConformanceAppVariant | undefined, RunningApp>;

/** The distinct variants the cases use, default first. */
export function variantsOf(cases: readonly ConformanceCase[]): (ConformanceAppVariant | undefined)[] {
  const set = new Set<ConformanceAppVariant | undefined>([undefined]);
  for (const c of cases) set.add(c.appOptions);
  return [...set];
}

/** Starts one app per variant; on failure closes the ones already started. */
export async function startApps(factory: ConformanceAppFactory, fx: ConformanceFixture, cases: readonly ConformanceCase[]): Promise<Map<ConformanceAppVariant | undefined, RunningApp>> {
  const apps = new Map<ConformanceAppVariant | undefined, RunningApp>();
  try {
    for (const variant of variantsOf(cases)) apps.set(variant, await factory(fx.appOptions(variant)));
  } catch (err) {
    await closeApps(apps);
    throw err;
  }
  return apps;
}

export async function closeApps(apps: AppsByVariant): Promise<void> {
  await Promise.allSettled([...apps.values()].map((a) => a.close()));
}

async function applyAction(action: SetupAction, fx: ConformanceFixture): Promise<void> {
  if ('revokeUser' in action) await fx.revocation.revokeUser(action.tenantId ?? T, action.revokeUser);
  else if ('revokeToken' in action) await fx.revocation.revokeToken(action.revokeToken, fx.clock.nowSeconds() + 86_400);
  else if ('disableClient' in action) await fx.revocation.disableClient(action.disableClient);
  else fx.clock.advanceSeconds(action.advanceClockSeconds);
}

/** Applies the case's setup, sends its request, and resets the clock. */
export async function runCase(c: ConformanceCase, fx: ConformanceFixture, apps: AppsByVariant): Promise<CaseOutcome> {
  const app = apps.get(c.appOptions);
  if (app === undefined) throw new Error(`no app started for the variant of "${c.name}"`);
  const request = resolveRequest(c.request, fx);
  const started = performance.now();
  try {
    for (const action of c.before ?? []) await applyAction(action, fx);
    const response =
      request.headerLines !== undefined
        ? await rawRequest(app.url, { method: request.method, path: request.path, headerLines: request.headerLines, ...(request.body === undefined ? {} : { body: request.body }) })
        : await httpRequest(app.url, { method: request.method, path: request.path, ...(request.headers === undefined ? {} : { headers: request.headers }), ...(request.body === undefined ? {} : { body: request.body }) });
    return { request, response, error: undefined, durationMs: performance.now() - started };
  } catch (err) {
    return { request, response: undefined, error: err instanceof Error ? err.message : String(err), durationMs: performance.now() - started };
  } finally {
    fx.clock.reset();
  }
}

// ---------------------------------------------------------------------------------------------
// Checks

const TITLES: Readonly<Record<number, string>> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 503: 'Service Unavailable' };
/** Statuses the guard owns: their bodies must be entra-guard problem documents. */
const GUARD_STATUSES = new Set([401, 403, 503]);
const PROBLEM_TYPE = /^application\/problem\+json(?:\s*;\s*charset=utf-8)?$/i;
// Anchored, applied to words without separators: linear, even on a 20 KiB header.
const JWT_LIKE = /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/;
// Claims whose values legitimately show up in a challenge (`scope="Orders.Read"`) or are too generic.
const ECHO_ALLOWED = new Set(['scp', 'scope', 'roles', 'role', 'permissions', 'ver', 'idtyp', 'acrs', 'xms_cc', 'typ', 'alg', 'azpacr', 'appidacr']);
const LEAK_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\n\s*at\s/, 'a stack trace'],
  [/\bat\s+\S+\s+\([^)]*:\d+:\d+\)/, 'a stack frame'],
  [/node:internal|node_modules|file:\/\//, 'a file path'],
  [/\.(?:ts|js|mjs|cjs):\d+/, 'a source location'],
  [/\bERR_[A-Z0-9_]{3,}/, 'a Node/jose error code (ERR_…)'],
  [/\bIDX\d{4,5}\b/, 'an IdentityModel code (IDX…)'],
  [/\b[A-Z]+_ERR_[A-Z0-9_]+/, 'a framework error code (FST_ERR_…)'],
  [/Unexpected (?:token|end of JSON)|in JSON at position|Expected [^\n]{0,40} in JSON/, 'a JSON parser message (SyntaxError text)'],
  [/SyntaxError|TypeError|RangeError|ReferenceError/, 'a JavaScript error name'],
  [/\bE(?:CONNREFUSED|CONNRESET|NOTFOUND|TIMEDOUT|AI_AGAIN)\b/, 'a system error code'],
];

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function collectStrings(value: unknown, into: string[], skip: ReadonlySet<string>): void {
  if (typeof value === 'string') {
    if (value.length >= 6) into.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectStrings(v, into, skip);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) if (!skip.has(k)) collectStrings(v, into, skip);
  }
}

/** Every string that must not appear in an error response to this request. */
export function forbiddenStrings(request: CaseRequest, fx: ConformanceFixture, knownTokens: readonly string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  const add = (value: string, label: string): void => {
    if (value.length >= 6 && !out.has(value)) out.set(value, label);
  };
  // A tenant id the request itself names in its path may come back (a 404 naming the route).
  for (const id of [...CONFIGURED_IDS, T.toUpperCase()]) if (!request.path.toLowerCase().includes(id.toLowerCase())) add(id, `configured id ${id}`);
  add(fx.key.kid, 'the key id');
  for (const [k, v] of Object.entries(MARKERS)) add(v, `marker claim ${k}`);
  add(REVOCATION_FAILURE_TEXT, 'the revocation store\'s error message');
  const text = [request.path, ...(request.headerLines ?? []), ...Object.values(request.headers ?? {}), request.body ?? ''].join('\n');
  const words = text.split(/[^A-Za-z0-9_.-]+/).filter((w) => JWT_LIKE.test(w));
  for (const jwt of new Set([...knownTokens, ...words])) {
    add(jwt, 'the token');
    const [h = '', p = '', s = ''] = jwt.split('.');
    add(h, 'the token header segment');
    add(p, 'the token payload segment');
    if (s.length >= 16) add(s.slice(0, 32), 'the token signature');
    const values: string[] = [];
    collectStrings(decodeJson(h), values, ECHO_ALLOWED);
    collectStrings(decodeJson(p), values, ECHO_ALLOWED);
    for (const v of values) add(v, `a claim value from the token (${v.slice(0, 24)}…)`);
  }
  return out;
}

function statusOk(expected: number | readonly number[], actual: number): boolean {
  return typeof expected === 'number' ? actual === expected : expected.includes(actual);
}

function checkProblem(res: HttpResult, expectedCode: ErrorCode | undefined, failures: string[]): void {
  const type = res.headers['content-type'] ?? '';
  if (!PROBLEM_TYPE.test(type)) failures.push(`content-type is ${JSON.stringify(type)}, expected application/problem+json`);
  if (!/\bno-store\b/.test(res.headers['cache-control'] ?? '')) failures.push(`cache-control is ${JSON.stringify(res.headers['cache-control'])}, expected no-store`);
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    failures.push(`body is not JSON: ${JSON.stringify(res.body.slice(0, 200))}`);
    return;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    failures.push('body is not a JSON object');
    return;
  }
  const b = body as Record<string, unknown>;
  const keys = Object.keys(b).sort().join(',');
  if (keys !== 'code,detail,status,title,type') failures.push(`problem body members are [${keys}], expected exactly code,detail,status,title,type`);
  const code = b['code'];
  if (expectedCode !== undefined && code !== expectedCode) failures.push(`code is ${JSON.stringify(code)}, expected ${expectedCode}`);
  if (typeof code !== 'string' || !Object.hasOwn(ERROR_CODES, code)) {
    failures.push(`code ${JSON.stringify(code)} is not an entra-guard error code`);
    return;
  }
  const info = ERROR_CODES[code as ErrorCode];
  if (b['status'] !== res.status) failures.push(`body status ${JSON.stringify(b['status'])} differs from HTTP status ${res.status}`);
  if (info.status !== res.status) failures.push(`HTTP status ${res.status} is not the status of ${code} (${info.status})`);
  if (b['detail'] !== info.description) failures.push(`detail is ${JSON.stringify(b['detail'])}, expected the fixed text ${JSON.stringify(info.description)}`);
  if (b['title'] !== TITLES[res.status]) failures.push(`title is ${JSON.stringify(b['title'])}, expected ${JSON.stringify(TITLES[res.status])}`);
  if (b['type'] !== `urn:entra-guard:error:${code}`) failures.push(`type is ${JSON.stringify(b['type'])}`);
}

function checkLeaks(res: HttpResult, forbidden: ReadonlyMap<string, string>, failures: string[]): void {
  const headerText = Object.entries(res.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  for (const [where, text] of [
    ['body', res.body],
    ['headers', headerText],
  ] as const) {
    for (const [value, label] of forbidden) if (text.includes(value)) failures.push(`${where} contains ${label}`);
    for (const [pattern, label] of LEAK_PATTERNS) if (pattern.test(text)) failures.push(`${where} contains ${label}`);
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Everything wrong with a case's outcome (empty when it conforms). */
export function checkOutcome(c: ConformanceCase, outcome: CaseOutcome, fx: ConformanceFixture, canaryHitsBefore: number): string[] {
  const failures: string[] = [];
  const res = outcome.response;
  if (res === undefined) return [`no response: ${outcome.error ?? 'unknown error'}`];
  const e = c.expect;
  if (!statusOk(e.status, res.status)) failures.push(`status ${res.status}, expected ${JSON.stringify(e.status)}`);
  const www = res.headers['www-authenticate'];
  if (e.wwwAuthenticate === 'absent') {
    if (www !== undefined) failures.push(`unexpected WWW-Authenticate: ${www}`);
  } else if (typeof e.wwwAuthenticate === 'string') {
    if (www !== e.wwwAuthenticate) failures.push(`WWW-Authenticate is ${JSON.stringify(www)}, expected ${JSON.stringify(e.wwwAuthenticate)}`);
  } else if (e.wwwAuthenticate instanceof RegExp && !e.wwwAuthenticate.test(www ?? '')) {
    failures.push(`WWW-Authenticate ${JSON.stringify(www)} does not match ${String(e.wwwAuthenticate)}`);
  }
  if (res.status === 401 && !/^Bearer\b/.test(www ?? '')) failures.push('a 401 without a Bearer challenge (RFC 6750 §3)');
  if (e.json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      parsed = Symbol('not JSON');
    }
    if (!sameJson(parsed, e.json)) failures.push(`body ${res.body.slice(0, 300)} is not ${JSON.stringify(e.json)}`);
    if (res.status < 300 && !/^application\/json\b/i.test(res.headers['content-type'] ?? '')) failures.push(`content-type of a JSON success is ${JSON.stringify(res.headers['content-type'])}`);
  }
  for (const [name, value] of Object.entries(e.headers ?? {})) {
    if (res.headers[name] !== value) failures.push(`${name} is ${JSON.stringify(res.headers[name])}, expected ${JSON.stringify(value)}`);
  }
  const includes = e.bodyIncludes === undefined ? [] : typeof e.bodyIncludes === 'string' ? [e.bodyIncludes] : e.bodyIncludes;
  for (const s of includes) if (!res.body.includes(s)) failures.push(`body does not include ${JSON.stringify(s)}`);
  if (e.maxDurationMs !== undefined && outcome.durationMs > e.maxDurationMs) failures.push(`took ${Math.round(outcome.durationMs)} ms, more than ${e.maxDurationMs} ms`);
  if (e.noOutboundRequests === true && fx.canary.hits() !== canaryHitsBefore) failures.push('the URL inside the token was fetched');
  // Universal assertions (catalogue §1) on every non-2xx response.
  if (res.status >= 300) {
    // A 400 may be the framework's (a body it cannot parse); 401/403/503 are always the guard's.
    if (GUARD_STATUSES.has(res.status) || e.code !== undefined) checkProblem(res, e.code, failures);
    checkLeaks(res, forbiddenStrings(outcome.request, fx, tokensUsed(c.request, fx)), failures);
  }
  return failures;
}

// ---------------------------------------------------------------------------------------------
// Recording for cross-adapter comparison

/** One case's response, reduced to what adapters must agree on. */
export interface RecordedResponse {
  readonly case: string;
  readonly status: number;
  readonly wwwAuthenticate: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
  /** What the comparison should look at (see {@link ConformanceCase.compare}). */
  readonly compare: 'full' | 'status' | 'none';
}

/**
 * Runs every case against a fresh fixture and fresh apps from `factory` and returns the
 * responses, in case order. Requests that got no response are recorded with status 0.
 */
export async function recordResponses(factory: ConformanceAppFactory, cases: readonly ConformanceCase[] = CONFORMANCE_CASES): Promise<RecordedResponse[]> {
  const fx = await createConformanceFixture();
  try {
    const apps = await startApps(factory, fx, cases);
    try {
      const records: RecordedResponse[] = [];
      for (const c of cases) {
        const outcome = await runCase(c, fx, apps);
        const res = outcome.response;
        records.push({
          case: c.name,
          status: res?.status ?? 0,
          wwwAuthenticate: res?.headers['www-authenticate'],
          contentType: res?.headers['content-type'],
          body: res?.body ?? `no response: ${outcome.error ?? ''}`,
          compare: c.compare ?? 'full',
        });
      }
      return records;
    } finally {
      await closeApps(apps);
    }
  } finally {
    await fx.close();
  }
}
