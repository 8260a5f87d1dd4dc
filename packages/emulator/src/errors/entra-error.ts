import { randomUUID } from 'node:crypto';
import { AADSTS, type AadstsEntry, type AadstsName } from './aadsts.js';

/** Extra members some Entra errors carry. */
export interface EntraErrorExtras {
  /** Claims-challenge JSON (step-up, CAE). */
  readonly claims?: string;
  readonly suberror?: string;
  /** Response headers, e.g. `Retry-After` for throttling. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A failure that the emulator reports in Entra's format; thrown by endpoints, caught by the handler. */
export class EntraError extends Error {
  readonly entry: AadstsEntry;
  readonly extras: EntraErrorExtras;

  constructor(name: AadstsName, params: Readonly<Record<string, string | number>> = {}, extras: EntraErrorExtras = {}) {
    const entry = AADSTS[name];
    super(fill(entry.message, params));
    this.name = 'EntraError';
    this.entry = entry;
    this.extras = extras;
  }

  get status(): number {
    return this.entry.status;
  }
}

function fill(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    return value === undefined ? whole : String(value);
  });
}

/** Entra's timestamp format: `2016-01-09 02:02:12Z`. */
export function entraTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** Where the error happened, for the trace lines Entra appends. */
export interface ErrorContext {
  readonly nowMs: number;
  /** The request's `client-request-id`, echoed as `correlation_id` when present. */
  readonly correlationId?: string;
  /** Origin for `error_uri`. */
  readonly origin: string;
}

/** Entra's JSON error body: `error_description` ends with the trace, correlation and time lines. */
export interface EntraErrorBody {
  readonly error: string;
  readonly error_description: string;
  readonly error_codes: readonly number[];
  readonly timestamp: string;
  readonly trace_id: string;
  readonly correlation_id: string;
  readonly error_uri: string;
  readonly suberror?: string;
  readonly claims?: string;
}

/** Builds the body of `error` as Entra would send it (spec §4.1). */
export function errorBody(error: EntraError, ctx: ErrorContext): EntraErrorBody {
  const traceId = randomUUID();
  const correlationId = ctx.correlationId ?? randomUUID();
  const timestamp = entraTimestamp(ctx.nowMs);
  const { code } = error.entry;
  const suberror = error.extras.suberror ?? error.entry.suberror;
  return {
    error: error.entry.error,
    error_description: `AADSTS${code}: ${error.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${ctx.origin}/error?code=${code}`,
    ...(suberror === undefined ? {} : { suberror }),
    ...(error.extras.claims === undefined ? {} : { claims: error.extras.claims }),
  };
}
