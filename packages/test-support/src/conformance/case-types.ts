// The conformance case shapes: sections, requests, expectations, setup actions and one case.
import type { ErrorCode } from '@entra-guard/core';
import type { ConformanceAppVariant } from './fixture-tokens.js';

/** Catalogue section a case belongs to. */
export type CaseSection = 'positive' | '§2 carriage' | 'bad tokens' | '§7 authorisation' | '§8 revocation, CAE, caching' | 'metadata';

/** One request. `headerLines` → raw socket (byte-for-byte); otherwise `headers` → fetch. */
export interface CaseRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headerLines?: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What the response must be. */
export interface CaseExpectation {
  /** One status, or the acceptable ones (rows that allow either). */
  readonly status: number | readonly number[];
  /** Exact header, a pattern, or `absent`. Not checked when omitted. */
  readonly wwwAuthenticate?: string | RegExp | 'absent';
  /** The problem body's `code` (implies the full problem+json check). */
  readonly code?: ErrorCode;
  /** The parsed success body, compared deeply. */
  readonly json?: unknown;
  readonly bodyIncludes?: string | readonly string[];
  /** Response headers that must have exactly these values (names lower-case). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Bound on the round trip (DoS rows). */
  readonly maxDurationMs?: number;
  /** The canary (a URL inside the token) must not have been contacted. */
  readonly noOutboundRequests?: boolean;
}

/** Fixture state changes applied right before the request (the clock is reset after every case). */
export type SetupAction =
  | { readonly revokeUser: string; readonly tenantId?: string }
  | { readonly revokeToken: string }
  | { readonly disableClient: string }
  | { readonly advanceClockSeconds: number };

/** One row of the suite. */
export interface ConformanceCase {
  readonly name: string;
  readonly section: CaseSection;
  readonly request: CaseRequest;
  readonly expect: CaseExpectation;
  /** The app to send it to (cases sharing one variant object share one app). Default: the default app. */
  readonly appOptions?: ConformanceAppVariant;
  readonly before?: readonly SetupAction[];
  /**
   * What the cross-adapter comparison compares: `full` (status, WWW-Authenticate, content-type,
   * body), `status` (framework-owned answers: 404, 431) or `none` (rows whose answer the
   * framework's routing or body parsing decides, within the allowed statuses).
   */
  readonly compare?: 'full' | 'status' | 'none';
}
