import { tokenError } from '../errors/errors.js';
import { decodeBase64Url } from './base64url.js';
import { parseStrictJsonObject, type StrictJsonProblem } from './strict-json.js';

/** Largest token accepted, characters. Entra tokens with 200 groups stay well below this. */
export const MAX_TOKEN_LENGTH = 16_384;

/**
 * A compact JWS split into its parts; the payload is decoded only after the signature is checked.
 * Exactly one of `header` (parsed now) and `known` (what the caller remembered about this header
 * segment) is set.
 */
export interface CompactToken<Known = unknown> {
  /** `BASE64URL(header)`: the same string always carries the same header. */
  readonly headerSegment: string;
  readonly header: Readonly<Record<string, unknown>> | undefined;
  readonly known: Known | undefined;
  /** `BASE64URL(header) . BASE64URL(payload)`, the bytes the signature covers. */
  readonly signingInput: string;
  /** The payload's bytes, decoded once here and parsed only after the signature is checked. */
  readonly payloadBytes: Buffer;
  readonly signature: Buffer;
}

const PROBLEM_TEXT: Readonly<Record<StrictJsonProblem, string>> = {
  utf8: 'is not valid UTF-8',
  syntax: 'is not valid JSON',
  'not-object': 'is not a JSON object',
  duplicate: 'has duplicate members',
  depth: 'is nested too deeply',
  proto: 'has a __proto__ member',
};

function malformed(detail: string): never {
  throw tokenError('EG_TOKEN_MALFORMED', detail, { check: 'structure' });
}

// Visible ASCII only: the compact serialisation is base64url and dots, nothing else.
const PRINTABLE = /^[\x21-\x7e]+$/;
// What every well-formed token looks like. A token of this shape takes the short road; anything
// else goes through the step-by-step checks, which name what is wrong.
const COMPACT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function segments(token: string): readonly [string, string, string] {
  if (COMPACT_SHAPE.test(token)) {
    const first = token.indexOf('.');
    const second = token.indexOf('.', first + 1);
    return [token.slice(0, first), token.slice(first + 1, second), token.slice(second + 1)];
  }
  if (!PRINTABLE.test(token)) malformed('token contains characters outside visible ASCII');
  const parts = token.split('.');
  if (parts.length === 5) throw tokenError('EG_TOKEN_ENCRYPTED', 'token has five segments (JWE)', { check: 'structure' });
  if (parts.length !== 3) malformed(`token has ${parts.length} segments, expected 3`);
  return parts as [string, string, string];
}

/**
 * Splits and decodes the token's structure and header (the `structure` check). A header segment
 * `knownHeaders` has an answer for was parsed and checked before: it is neither decoded nor
 * parsed again, and the answer comes back as `known`.
 */
export function parseCompact<Known = never>(token: unknown, knownHeaders?: { get(segment: string): Known | undefined }): CompactToken<Known> {
  if (typeof token !== 'string' || token.length === 0) malformed('token is empty or not a string');
  if (token.length > MAX_TOKEN_LENGTH) malformed(`token is longer than ${MAX_TOKEN_LENGTH} characters`);
  const [h, p, s] = segments(token);
  const known = knownHeaders?.get(h);
  const headerBytes = known !== undefined ? undefined : decodeBase64Url(h);
  if (known === undefined && !headerBytes) malformed('header segment is not canonical base64url');
  const payloadBytes = decodeBase64Url(p);
  if (!payloadBytes) malformed('payload segment is not canonical base64url');
  // An empty signature is structurally possible (alg "none"); the header and signature checks refuse it.
  const signature = s.length === 0 ? Buffer.alloc(0) : decodeBase64Url(s);
  if (!signature) malformed('signature segment is not canonical base64url');
  let header: Readonly<Record<string, unknown>> | undefined;
  if (headerBytes !== undefined) {
    const parsed = parseStrictJsonObject(headerBytes);
    if (!parsed.ok) malformed(`header ${PROBLEM_TEXT[parsed.problem]}`);
    header = parsed.value;
  }
  return { headerSegment: h, header, known, signingInput: token.slice(0, h.length + 1 + p.length), payloadBytes, signature };
}

/** Decodes the payload; call only after the signature has been verified. */
export function decodePayload(token: CompactToken): Record<string, unknown> {
  const payload = parseStrictJsonObject(token.payloadBytes);
  if (!payload.ok) throw tokenError('EG_TOKEN_MALFORMED', `payload ${PROBLEM_TEXT[payload.problem]}`, { check: 'payload' });
  return payload.value;
}
