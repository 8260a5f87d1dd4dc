import { tokenError } from '../errors/errors.js';
import { decodeBase64Url } from './base64url.js';
import { parseStrictJsonObject, type StrictJsonProblem } from './strict-json.js';

/** Largest token accepted, characters. Entra tokens with 200 groups stay well below this. */
export const MAX_TOKEN_LENGTH = 16_384;

/** A compact JWS split into its parts; the payload is decoded only after the signature is checked. */
export interface CompactToken {
  readonly header: Readonly<Record<string, unknown>>;
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

/** Splits and decodes the token's structure and header (the `structure` check). */
export function parseCompact(token: unknown): CompactToken {
  if (typeof token !== 'string' || token.length === 0) malformed('token is empty or not a string');
  if (token.length > MAX_TOKEN_LENGTH) malformed(`token is longer than ${MAX_TOKEN_LENGTH} characters`);
  if (!PRINTABLE.test(token)) malformed('token contains characters outside visible ASCII');
  const parts = token.split('.');
  if (parts.length === 5) throw tokenError('EG_TOKEN_ENCRYPTED', 'token has five segments (JWE)', { check: 'structure' });
  if (parts.length !== 3) malformed(`token has ${parts.length} segments, expected 3`);
  const [h, p, s] = parts as [string, string, string];
  const headerBytes = decodeBase64Url(h);
  if (!headerBytes) malformed('header segment is not canonical base64url');
  const payloadBytes = decodeBase64Url(p);
  if (!payloadBytes) malformed('payload segment is not canonical base64url');
  // An empty signature is structurally possible (alg "none"); the header and signature checks refuse it.
  const signature = s.length === 0 ? Buffer.alloc(0) : decodeBase64Url(s);
  if (!signature) malformed('signature segment is not canonical base64url');
  const header = parseStrictJsonObject(headerBytes);
  if (!header.ok) malformed(`header ${PROBLEM_TEXT[header.problem]}`);
  return { header: header.value, signingInput: token.slice(0, h.length + 1 + p.length), payloadBytes, signature };
}

/** Decodes the payload; call only after the signature has been verified. */
export function decodePayload(token: CompactToken): Record<string, unknown> {
  const payload = parseStrictJsonObject(token.payloadBytes);
  if (!payload.ok) throw tokenError('EG_TOKEN_MALFORMED', `payload ${PROBLEM_TEXT[payload.problem]}`, { check: 'payload' });
  return payload.value;
}
