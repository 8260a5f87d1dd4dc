import { readFile } from 'node:fs/promises';
import type { JsonWebKeySet } from '@entra-guard/core';
import { UsageError } from './io.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// A key entry is a JWK, or a record that carries one as `jwk` (the fixtures' key archive).
const unwrapKey = (k: unknown): unknown => (isObject(k) && isObject(k['jwk']) ? k['jwk'] : k);

/**
 * Finds the key set in parsed JSON. Accepted shapes: a JWKS `{ keys: [...] }`; an object with
 * a `jwks` member (the real-token fixtures) or a `document` member (captured metadata) holding one.
 */
export function jwksFrom(value: unknown): JsonWebKeySet | undefined {
  if (!isObject(value)) return undefined;
  const keys = value['keys'];
  if (Array.isArray(keys)) return { keys: keys.map(unwrapKey) as Json[] };
  for (const member of ['jwks', 'document']) {
    const found = jwksFrom(value[member]);
    if (found) return found;
  }
  return undefined;
}

/**
 * Reads the `--jwks FILE` key set.
 *
 * @throws UsageError when the file cannot be read, is not JSON, or holds no key set.
 */
export async function readJwksFile(file: string): Promise<JsonWebKeySet> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --jwks ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--jwks ${file} is not JSON`);
  }
  const jwks = jwksFrom(parsed);
  if (!jwks) throw new UsageError(`--jwks ${file} holds no JSON Web Key Set (expected { "keys": [...] }, or an object with a "jwks" member)`);
  return jwks;
}
