// Environment → typed configuration. Every problem is collected and reported on its own line,
// so a misconfigured deployment is fixed in one round trip. Secrets come only from the
// environment and are never echoed back.
import { readFileSync } from 'node:fs';
import type { TenancyOption } from '@entra-guard/core';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const DEFAULT_PORT = 3000;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 120;

/** How the API validates tokens (turned into core's options by the runtime). */
export interface EntraSettings {
  readonly clientId: string;
  /** Undefined: core's default, `[clientId, api://clientId]`. */
  readonly audiences: readonly string[] | undefined;
  readonly tenancy: TenancyOption;
  /** The tenant segment of the authority: a GUID, `organizations` or `common`. */
  readonly tenantSegment: string;
  readonly authorityHost: string;
  readonly clockSkewSeconds: number | undefined;
}

/** The backend-for-frontend web client (optional; mounted when `WEB_CLIENT_ID` is set). */
export interface WebClientSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly cookieSecret: string;
  /** Undefined: `http://127.0.0.1:<port>`, with the port the server got (PORT=0 included). */
  readonly publicOrigin: string | undefined;
}

/** Everything `npm run api` reads from the environment. */
export interface ApiConfig {
  readonly host: string;
  readonly port: number;
  readonly entra: EntraSettings;
  /** Undefined: embedded PostgreSQL (PGlite) in memory. */
  readonly databaseUrl: string | undefined;
  /** Undefined: rate-limit counters in memory. */
  readonly redisUrl: string | undefined;
  /** Prefix of this API's Redis keys (several deployments may share a Redis). */
  readonly redisKeyPrefix: string;
  readonly logLevel: LogLevel;
  /** Requests per minute per user and per address; 0 turns rate limiting off. */
  readonly rateLimitPerMinute: number;
  /** Express `trust proxy`: false, a hop count, or a list of addresses/subnets. */
  readonly trustProxy: boolean | number | readonly string[];
  /** How long in-flight requests may take to finish after SIGTERM before connections are cut. */
  readonly shutdownGraceMs: number;
  readonly webClient: WebClientSettings | undefined;
}

export type ConfigResult = { readonly ok: true; readonly config: ApiConfig } | { readonly ok: false; readonly problems: readonly string[] };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MULTI_TENANT_SEGMENTS = ['organizations', 'common'];

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads variables, records problems, and never throws. */
class Reader {
  readonly problems: string[] = [];
  readonly #env: Env;
  constructor(env: Env) {
    this.#env = env;
  }

  /** The trimmed value, or undefined when unset or blank. */
  get(name: string): string | undefined {
    const value = this.#env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  problem(line: string): void {
    this.problems.push(line);
  }

  integer(name: string, fallback: number, min: number, max: number, what: string): number {
    const raw = this.get(name);
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      this.problem(`${name} must be an integer from ${min} to ${max} (${what}); got "${raw}"`);
      return fallback;
    }
    return value;
  }

  list(name: string): string[] | undefined {
    const raw = this.get(name);
    if (raw === undefined) return undefined;
    return raw.split(',').map((item) => item.trim());
  }
}

function readTenancy(r: Reader): { tenancy: TenancyOption; segment: string } | undefined {
  const tenant = r.get('ENTRA_TENANT_ID');
  const allowed = r.list('ENTRA_ALLOWED_TENANTS');
  if (allowed !== undefined) {
    const bad = allowed.filter((t) => !isGuid(t));
    if (bad.length > 0 || allowed.length === 0) r.problem(`ENTRA_ALLOWED_TENANTS must be a comma-separated list of tenant GUIDs; not GUIDs: ${bad.map((b) => `"${b}"`).join(', ') || '(empty list)'}`);
  }
  if (tenant === undefined) {
    r.problem('ENTRA_TENANT_ID is required: the tenant GUID, or "organizations"/"common" together with ENTRA_ALLOWED_TENANTS');
    return undefined;
  }
  const segment = tenant.toLowerCase();
  if (isGuid(tenant)) {
    if (allowed !== undefined) r.problem('ENTRA_ALLOWED_TENANTS only applies when ENTRA_TENANT_ID is "organizations" or "common"; unset it, or list the tenants with ENTRA_TENANT_ID=organizations');
    return { tenancy: { mode: 'single', tenantId: segment }, segment };
  }
  if (!MULTI_TENANT_SEGMENTS.includes(segment)) {
    r.problem(`ENTRA_TENANT_ID must be a tenant GUID, "organizations" or "common"; got "${tenant}"`);
    return undefined;
  }
  if (allowed === undefined) {
    r.problem(`ENTRA_ALLOWED_TENANTS is required with ENTRA_TENANT_ID=${segment}: the comma-separated GUIDs of the tenants whose tokens are accepted`);
    return undefined;
  }
  return { tenancy: { mode: 'multi', allowedTenants: [...new Set(allowed.map((t) => t.toLowerCase()))] }, segment };
}

function readAuthorityHost(r: Reader): string {
  const raw = r.get('ENTRA_AUTHORITY_HOST');
  if (raw === undefined) return DEFAULT_AUTHORITY_HOST;
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  const origin = url?.origin;
  if (url === undefined || url.protocol !== 'https:' || (raw.replace(/\/+$/, '') !== origin)) {
    r.problem(`ENTRA_AUTHORITY_HOST must be an https origin without a path, e.g. ${DEFAULT_AUTHORITY_HOST}; got "${raw}"`);
    return DEFAULT_AUTHORITY_HOST;
  }
  return origin;
}

function readEntra(r: Reader): EntraSettings | undefined {
  const clientId = r.get('ENTRA_CLIENT_ID');
  if (clientId === undefined) r.problem("ENTRA_CLIENT_ID is required: the API's application (client) id, a GUID");
  else if (!isGuid(clientId)) r.problem(`ENTRA_CLIENT_ID must be the API's application (client) id, a GUID; got "${clientId}"`);
  const audiences = r.list('ENTRA_AUDIENCE');
  if (audiences?.some((a) => a === '') === true) r.problem('ENTRA_AUDIENCE must be a comma-separated list of audiences without empty entries');
  const tenancy = readTenancy(r);
  const authorityHost = readAuthorityHost(r);
  const skewRaw = r.get('ENTRA_CLOCK_SKEW_SECONDS');
  const clockSkewSeconds = skewRaw === undefined ? undefined : r.integer('ENTRA_CLOCK_SKEW_SECONDS', 300, 0, 600, 'allowed clock difference in seconds');
  if (clientId === undefined || !isGuid(clientId) || tenancy === undefined) return undefined;
  return { clientId: clientId.toLowerCase(), audiences, tenancy: tenancy.tenancy, tenantSegment: tenancy.segment, authorityHost, clockSkewSeconds };
}

function readUrl(r: Reader, name: string, protocols: readonly string[], example: string): string | undefined {
  const raw = r.get(name);
  if (raw === undefined) return undefined;
  // The value may hold a password: never repeat it.
  if (!URL.canParse(raw) || !protocols.includes(new URL(raw).protocol)) {
    r.problem(`${name} must be a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL, e.g. ${example} (value not shown: it may contain a password)`);
    return undefined;
  }
  return raw;
}

function readExtraCa(r: Reader): void {
  const path = r.get('NODE_EXTRA_CA_CERTS');
  if (path === undefined) return;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    r.problem(`NODE_EXTRA_CA_CERTS must name a readable PEM file; cannot read "${path}"`);
    return;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) r.problem(`NODE_EXTRA_CA_CERTS must name a PEM file of CA certificates; "${path}" holds none`);
}

function readTrustProxy(r: Reader): boolean | number | readonly string[] {
  const raw = r.get('TRUST_PROXY');
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function readLogLevel(r: Reader): LogLevel {
  const raw = r.get('LOG_LEVEL')?.toLowerCase();
  if (raw === undefined) return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    r.problem(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${raw}"`);
    return 'info';
  }
  return raw as LogLevel;
}

function readWebClient(r: Reader): WebClientSettings | undefined {
  const clientId = r.get('WEB_CLIENT_ID');
  const clientSecret = r.get('WEB_CLIENT_SECRET');
  const cookieSecret = r.get('WEB_COOKIE_SECRET');
  const origin = r.get('WEB_PUBLIC_ORIGIN');
  if (clientId === undefined) {
    if (clientSecret !== undefined || cookieSecret !== undefined || origin !== undefined) r.problem('WEB_CLIENT_ID is required when any other WEB_* variable is set (the web client application id, a GUID)');
    return undefined;
  }
  if (!isGuid(clientId)) r.problem(`WEB_CLIENT_ID must be the web client's application id, a GUID; got "${clientId}"`);
  if (clientSecret === undefined) r.problem('WEB_CLIENT_SECRET is required with WEB_CLIENT_ID (the web client\'s secret)');
  if (cookieSecret === undefined || cookieSecret.length < 32) r.problem('WEB_COOKIE_SECRET is required with WEB_CLIENT_ID and must be at least 32 characters (value not shown)');
  let publicOrigin: string | undefined;
  if (origin !== undefined) {
    publicOrigin = URL.canParse(origin) ? new URL(origin).origin : undefined;
    if (publicOrigin === undefined || publicOrigin !== origin.replace(/\/+$/, '')) r.problem(`WEB_PUBLIC_ORIGIN must be an origin such as http://127.0.0.1:3000; got "${origin}"`);
  }
  if (clientSecret === undefined || cookieSecret === undefined) return undefined;
  return { clientId: clientId.toLowerCase(), clientSecret, cookieSecret, publicOrigin };
}

/**
 * Validates the environment. Returns every problem found, each a complete sentence naming the
 * variable, so the caller can print one line per problem and exit 1.
 */
export function loadConfig(env: Env): ConfigResult {
  const r = new Reader(env);
  const host = r.get('HOST') ?? '127.0.0.1';
  const port = r.integer('PORT', DEFAULT_PORT, 0, 65535, '0 picks a free port');
  const entra = readEntra(r);
  const databaseUrl = readUrl(r, 'DATABASE_URL', ['postgres:', 'postgresql:'], 'postgres://orders:secret@db.example.com:5432/orders');
  const redisUrl = readUrl(r, 'REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379');
  const redisKeyPrefix = r.get('REDIS_KEY_PREFIX') ?? 'orders-api:';
  const logLevel = readLogLevel(r);
  const rateLimitPerMinute = r.integer('RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE, 0, 1_000_000, 'per user and per address; 0 turns rate limiting off');
  const shutdownGraceMs = r.integer('SHUTDOWN_GRACE_SECONDS', 10, 0, 600, 'how long in-flight requests may run after SIGTERM') * 1000;
  const trustProxy = readTrustProxy(r);
  readExtraCa(r);
  const webClient = readWebClient(r);
  if (r.problems.length > 0 || entra === undefined) return { ok: false, problems: r.problems };
  return { ok: true, config: { host, port, entra, databaseUrl, redisUrl, redisKeyPrefix, logLevel, rateLimitPerMinute, trustProxy, shutdownGraceMs, webClient } };
}
