// Helpers the case tables share: expected responses (literal RFC 6750 challenges), requests, constants.
import { ERROR_CODES, type ErrorCode } from '@entra-guard/core';
import { tok, type TokenTransform } from './case-placeholders.js';
import type { CaseExpectation, CaseRequest } from './case-types.js';
import { CONFORMANCE_EPOCH_SECONDS, ENTRA_ORIGIN, OID, PROTECTED_RESOURCE, T, type TokenName } from './fixture-tokens.js';

// ---------------------------------------------------------------------------------------------
// Expected responses (literal RFC 6750 challenges; only the fixed descriptions come from core)

const REALM = 'api';
const CLAIMS_AUTHORIZATION_URI = `${ENTRA_ORIGIN}/common/oauth2/authorize`;
/** `resource_metadata` of the protectedResource variant. */
export const RESOURCE_METADATA_URL = `${PROTECTED_RESOURCE}/.well-known/oauth-protected-resource`;

function withMetadata(header: string, resourceMetadata: boolean): string {
  return resourceMetadata ? `${header}, resource_metadata="${RESOURCE_METADATA_URL}"` : header;
}

export const description = (code: ErrorCode): string => ERROR_CODES[code].description;

/** 401∅: no credentials (no error code). */
export function noCredentials(resourceMetadata = false): CaseExpectation {
  return { status: 401, code: 'EG_REQUEST_MISSING_TOKEN', wwwAuthenticate: withMetadata(`Bearer realm="${REALM}"`, resourceMetadata) };
}

/** 401 invalid_token. */
export function refused(code: ErrorCode, resourceMetadata = false): CaseExpectation {
  const header = `Bearer realm="${REALM}", error="invalid_token", error_description="${description(code)}"`;
  return { status: 401, code, wwwAuthenticate: withMetadata(header, resourceMetadata) };
}

/** 403 insufficient_scope, with `scope` when the denial names what would suffice. */
export function forbidden(code: ErrorCode, scope?: string): CaseExpectation {
  const scopePart = scope === undefined ? '' : `, scope="${scope}"`;
  return { status: 403, code, wwwAuthenticate: `Bearer realm="${REALM}", error="insufficient_scope", error_description="${description(code)}"${scopePart}` };
}

/** 400 invalid_request: two credentials. */
export function duplicate(): CaseExpectation {
  const code: ErrorCode = 'EG_REQUEST_DUPLICATE_CREDENTIALS';
  return { status: 400, code, wwwAuthenticate: `Bearer realm="${REALM}", error="invalid_request", error_description="${description(code)}"` };
}

/** 401c: Microsoft's claims challenge, exactly as Entra's clients parse it. */
export function claimsChallenge(claims: object, resourceMetadata = false): CaseExpectation {
  const b64 = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64');
  const header = `Bearer realm="", authorization_uri="${CLAIMS_AUTHORIZATION_URI}", error="insufficient_claims", claims="${b64}"`;
  return { status: 401, code: 'EG_INSUFFICIENT_CLAIMS', wwwAuthenticate: withMetadata(header, resourceMetadata) };
}

export const STEP_UP_C1 = { access_token: { acrs: { essential: true, value: 'c1' } } };
export const REVOKED_AT = { access_token: { nbf: { essential: true, value: String(CONFORMANCE_EPOCH_SECONDS) } } };

/** `P` of the contract: `{ ok, kind, tenantId, objectId }`. */
export function principal(kind: 'user' | 'app', objectId: string, tenantId = T): { ok: true; kind: string; tenantId: string; objectId: string } {
  return { ok: true, kind, tenantId, objectId };
}

export function ok(json: unknown): CaseExpectation {
  return { status: 200, json, wwwAuthenticate: 'absent' };
}

export const user = (objectId: string = OID.user, tenantId = T): CaseExpectation => ok(principal('user', objectId, tenantId));
export const app = (objectId: string = OID.app, tenantId = T): CaseExpectation => ok(principal('app', objectId, tenantId));

// ---------------------------------------------------------------------------------------------
// Requests

export const bearer = (name: TokenName, how?: TokenTransform): Record<string, string> => ({ authorization: `Bearer ${tok(name, how)}` });
export const get = (path: string, headers: Record<string, string> = {}): CaseRequest => ({ method: 'GET', path, headers });
export const raw = (path: string, headerLines: string[], method: 'GET' | 'POST' = 'GET', body?: string): CaseRequest =>
  body === undefined ? { method, path, headerLines } : { method, path, headerLines, body };
export const post = (path: string, headers: Record<string, string>, body: string): CaseRequest => ({ method: 'POST', path, headers, body });

export const ORDER = { item: 'widget', quantity: 2 };
export const ORDER_JSON = JSON.stringify(ORDER);
export const JSON_TYPE = { 'content-type': 'application/json' };

/** Every route that needs authentication, with a token that passes it. */
export const PROTECTED_ROUTES: ReadonlyArray<{ path: string; method: 'GET' | 'POST'; token: TokenName; expect: CaseExpectation }> = [
  { path: '/me', method: 'GET', token: 'g2', expect: user() },
  { path: '/orders', method: 'GET', token: 'g2', expect: user() },
  { path: '/orders', method: 'POST', token: 'g2Write', expect: ok({ ...principal('user', OID.user), received: ORDER }) },
  { path: '/user', method: 'GET', token: 'g2', expect: user() },
  { path: '/app', method: 'GET', token: 'ga', expect: app() },
  { path: '/admin', method: 'GET', token: 'admin', expect: user() },
  { path: `/tenants/${T}/orders`, method: 'GET', token: 'g2', expect: user() },
  { path: '/export', method: 'GET', token: 'acrsC1', expect: user() },
  { path: '/groups', method: 'GET', token: 'groupsMember', expect: user() },
];

export function routeRequest(r: { path: string; method: 'GET' | 'POST' }, headers: Record<string, string>): CaseRequest {
  return r.method === 'POST' ? post(r.path, { ...JSON_TYPE, ...headers }, ORDER_JSON) : get(r.path, headers);
}
