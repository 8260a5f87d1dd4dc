import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One real Entra token with the JWKS that verifies (or, for negatives, should refuse) it. */
export interface RealFixture {
  /** Path relative to {@link fixturesDir}; bulk entries add `#index`. */
  file: string;
  kind: string;
  token: string;
  jwks: { keys: object[] };
  /** A time (seconds) at which the token was valid: set the validator's clock here. */
  clock: number;
  exp?: number;
  iss?: string;
  aud?: string;
  /** Negative fixtures: why the token must be rejected. */
  expect?: string;
  /** Decoded leniently: `{}` when the segment is not a base64url JSON object. */
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** All real fixtures, by folder. */
export interface RealFixtures {
  positive: RealFixture[];
  negative: RealFixture[];
  bulk: RealFixture[];
}

// Both src/ and dist/ sit one level below packages/test-support, so this resolves the same from either.
const FIXTURES_URL = new URL('../../../../shared/fixtures/entra-real/', import.meta.url);

/**
 * Absolute path of the real-token fixtures. Throws when the folder is missing, so suites that
 * depend on it fail loudly instead of silently testing nothing.
 */
export function fixturesDir(): string {
  const dir = fileURLToPath(FIXTURES_URL);
  if (!existsSync(dir)) {
    throw new Error(`Real Entra fixtures not found at ${dir}: they live outside the repository (../shared/fixtures/entra-real) and must be present for these tests.`);
  }
  return dir;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decodes one JWS segment for test configuration; never throws, because negatives may be malformed. */
function decodeSegment(segment: string | undefined): Json {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8'));
    return isObject(value) ? value : {};
  } catch {
    return {};
  }
}

function readJson(path: string): Json {
  const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isObject(value)) throw new Error(`Fixture ${path} is not a JSON object`);
  return value;
}

const numberOf = (...candidates: unknown[]): number | undefined => candidates.find((c): c is number => typeof c === 'number');
const stringOf = (...candidates: unknown[]): string | undefined => candidates.find((c): c is string => typeof c === 'string');

/**
 * Builds a fixture from a record's own fields, falling back to the token's claims for anything
 * the record leaves out (bulk entries and most negatives carry only some of them).
 */
function toFixture(file: string, record: Json, jwks: unknown): RealFixture {
  const token = record['token'];
  if (typeof token !== 'string') throw new Error(`Fixture ${file} has no token`);
  if (!isObject(jwks) || !Array.isArray(jwks['keys'])) throw new Error(`Fixture ${file} has no jwks.keys`);
  const [headerPart, payloadPart] = token.split('.');
  const header = decodeSegment(headerPart);
  const payload = decodeSegment(payloadPart);
  const clock = numberOf(record['clock'], record['iat'], payload['iat'], record['nbf'], payload['nbf']);
  if (clock === undefined) throw new Error(`Fixture ${file} has no clock, iat or nbf`);

  const fixture: RealFixture = {
    file,
    kind: stringOf(record['kind']) ?? 'unknown',
    token,
    jwks: { keys: (jwks['keys'] as unknown[]).filter(isObject) },
    clock,
    header,
    payload,
  };
  // Assigned one by one: with exactOptionalPropertyTypes an absent value must stay absent, not undefined.
  const exp = numberOf(record['exp'], payload['exp']);
  const iss = stringOf(record['iss'], payload['iss']);
  const aud = stringOf(record['aud'], payload['aud']);
  const expect = stringOf(record['expect']);
  if (exp !== undefined) fixture.exp = exp;
  if (iss !== undefined) fixture.iss = iss;
  if (aud !== undefined) fixture.aud = aud;
  if (expect !== undefined) fixture.expect = expect;
  return fixture;
}

function jsonFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')).sort() : [];
}

/** Loads every fixture: top-level files, `negative/`, and each `bulk/` file's `tokens` with its shared JWKS. */
export function loadRealFixtures(): RealFixtures {
  const dir = fixturesDir();
  const single = (sub: string): RealFixture[] =>
    jsonFiles(join(dir, sub)).map((name) => {
      const record = readJson(join(dir, sub, name));
      return toFixture(sub === '' ? name : `${sub}/${name}`, record, record['jwks']);
    });

  const bulk = jsonFiles(join(dir, 'bulk')).flatMap((name) => {
    const file = readJson(join(dir, 'bulk', name));
    const tokens = file['tokens'];
    if (!Array.isArray(tokens)) throw new Error(`Bulk fixture bulk/${name} has no tokens array`);
    return tokens.map((entry: unknown, index) => {
      if (!isObject(entry)) throw new Error(`Bulk fixture bulk/${name}#${index} is not an object`);
      return toFixture(`bulk/${name}#${index}`, entry, file['jwks']);
    });
  });

  return { positive: single(''), negative: single('negative'), bulk };
}
