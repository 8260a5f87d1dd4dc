// Property/fuzz tests of everything in front of the signature: the Authorization header, the
// compact serialisation, base64url and the strict JSON parser. Bounded and seeded, so a CI run is
// reproducible; nothing is logged (fast-check reports only the counterexample on failure).
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { createEntraGuard, extractBearerToken, type EntraGuard, type Explanation } from '@entra-guard/core';
import { b64u, createSigningKeys, TEST_API_CLIENT_ID, TEST_TENANT_ID, type SigningKey } from '@entra-guard/test-support';
import { decodeBase64Url } from '../../src/token/base64url.js';
import { MAX_TOKEN_LENGTH } from '../../src/token/parse-compact.js';
import { parseStrictJsonObject } from '../../src/token/strict-json.js';
import {
  B64URL_ALPHABET,
  describeError,
  drainMicrotasks,
  expectFast,
  expectGuardError,
  expectRefused,
  Latency,
  nestedNode,
  plainName,
  problemsOf,
  problemsOfValue,
  tree,
  watchUnhandledRejections,
  writeNode,
  type JsonNode,
} from './fuzz-support.js';

const NOW_SECONDS = 1_750_000_000;
/** RFC 6750 b64token, what extractBearerToken may return. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

let key: SigningKey;
let guard: EntraGuard;
let unhandled: ReturnType<typeof watchUnhandledRejections>;
const consoleSpies: MockInstance[] = [];

beforeAll(async () => {
  [key] = (await createSigningKeys(1, { issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' })) as [SigningKey];
  guard = createEntraGuard({
    clientId: TEST_API_CLIENT_ID,
    tenancy: { mode: 'single', tenantId: TEST_TENANT_ID },
    cloud: 'public',
    keys: { jwks: { keys: [key.jwk] } },
    now: () => NOW_SECONDS * 1000,
  });
  unhandled = watchUnhandledRejections();
  // The validator must never write to the console (a token or claim there is a data leak).
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    consoleSpies.push(vi.spyOn(console, method).mockImplementation(() => undefined));
  }
});

afterAll(() => {
  guard.close();
  unhandled.stop();
  for (const spy of consoleSpies) spy.mockRestore();
});

/** Checks one extractBearerToken outcome: an EntraGuardError, or exactly the b64token of the header. */
function checkExtraction(latency: Latency, header: string): void {
  const outcome = latency.measureSync(() => extractBearerToken(header));
  if (outcome.kind !== 'resolved') {
    expectGuardError(outcome.error, 'extractBearerToken');
    return;
  }
  const token = outcome.value;
  if (typeof token !== 'string' || !B64TOKEN.test(token)) throw new Error('extractBearerToken returned something that is not a b64token');
  // What is returned is all that follows "Bearer" and its spaces, once the value is trimmed.
  if (header.trim().replace(/^Bearer +/i, '') !== token) throw new Error('extractBearerToken returned a different token than the header carries');
}

// ---------------------------------------------------------------------------------------------
// Property 1: random strings and bytes never validate, never throw anything but EntraGuardError.
// ---------------------------------------------------------------------------------------------

const bytes = fc.uint8Array({ maxLength: 512 });
const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)); // lone surrogates too
const b64Segment = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/), bytes.map((b) => b64u(b)));

const randomInput: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: 'binary-ascii', maxLength: 300 }),
  fc.string({ unit: utf16Unit, maxLength: 100 }),
  bytes.map((b) => Buffer.from(b).toString('latin1')),
  bytes.map((b) => Buffer.from(b).toString('utf8')),
  bytes.map((b) => Buffer.from(b).toString('base64url')),
  bytes.map((b) => Buffer.from(b).toString('base64')),
  fc.stringMatching(/^[A-Za-z0-9_.-]*$/),
  fc.array(b64Segment, { minLength: 1, maxLength: 7 }).map((parts) => parts.join('.')),
  // Around and beyond MAX_TOKEN_LENGTH.
  fc.tuple(fc.stringMatching(/^[A-Za-z0-9_.-]{1,6}$/), fc.integer({ min: 1, max: 5000 })).map(([s, n]) => s.repeat(n)),
  fc.integer({ min: MAX_TOKEN_LENGTH - 4, max: MAX_TOKEN_LENGTH + 4 }).map((n) => 'eyJ'.padEnd(n, 'A')),
);

/** Three base64url segments whose header can name the configured key, so deeper checks run. */
function nearJwt(kid: string): fc.Arbitrary<string> {
  const headerText = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc
      .record(
        {
          alg: fc.constantFrom('RS256', 'none', 'HS256', 'rs256', 'PS256', 'ES256'),
          typ: fc.constantFrom('JWT', 'jwt', 'at+jwt', 'JOSE', 'application/jwt'),
          kid: fc.oneof(fc.constant(kid), fc.string({ maxLength: 40 })),
          x5t: fc.oneof(fc.constant(kid), fc.string({ maxLength: 40 })),
          nonce: fc.string({ maxLength: 8 }),
        },
        { requiredKeys: ['alg'] },
      )
      .map((h) => JSON.stringify(h)),
    fc.string({ maxLength: 80 }),
  );
  const payloadText = fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 200 }));
  const signature = fc.oneof(fc.uint8Array({ minLength: 256, maxLength: 256 }), fc.uint8Array({ maxLength: 300 }));
  return fc.tuple(headerText, payloadText, signature).map(([h, p, s]) => `${b64u(h)}.${b64u(p)}.${b64u(s)}`);
}

describe('property 1: random input is refused with an EntraGuardError, quickly', () => {
  const latency = new Latency();

  async function checkInput(s: string): Promise<void> {
    expectRefused(await latency.measure(() => guard.validateToken(s)), 'validateToken');
    expectRefused(await latency.measure(() => guard.authenticate(`Bearer ${s}`)), 'authenticate');
    expectRefused(await latency.measure(() => guard.authenticate(s)), 'authenticate (raw header)');
    const duplicate = expectRefused(await latency.measure(() => guard.authenticate([`Bearer ${s}`, `Bearer ${s}`])), 'authenticate (two headers)');
    if (duplicate.code !== 'EG_REQUEST_DUPLICATE_CREDENTIALS') throw new Error(`two headers refused with ${duplicate.code}`);
    checkExtraction(latency, s);
    checkExtraction(latency, `Bearer ${s}`);
    const explained = await latency.measure(() => guard.explain(s));
    if (explained.kind !== 'resolved') throw new Error(`explain did not resolve: ${describeError(explained.error)}`);
    if ((explained.value as Explanation).valid) throw new Error('explain called random input valid');
  }

  it('random strings and bytes (with and without dots)', async () => {
    await fc.assert(fc.asyncProperty(randomInput, checkInput), { seed: 0x5eed0001, numRuns: 2500, verbose: false });
  });

  it('three base64url segments with JSON-ish header and payload and random signature', async () => {
    await fc.assert(fc.asyncProperty(nearJwt(key.kid), checkInput), { seed: 0x5eed0002, numRuns: 1500, verbose: false });
  });

  const anything = fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true });

  it('validateToken refuses values of any type (JavaScript callers) with an EntraGuardError', async () => {
    await fc.assert(
      fc.asyncProperty(anything, async (value) => {
        expectRefused(await latency.measure(() => guard.validateToken(value as string)), 'validateToken');
      }),
      { seed: 0x5eed0003, numRuns: 600, verbose: false },
    );
  });

  it('authenticate and extractBearerToken refuse values of any type (JavaScript callers) with an EntraGuardError', async () => {
    await fc.assert(
      fc.asyncProperty(anything, async (value) => {
        expectRefused(await latency.measure(() => guard.authenticate(value as string)), 'authenticate');
        const outcome = latency.measureSync(() => extractBearerToken(value as string));
        if (outcome.kind === 'resolved' && !(typeof outcome.value === 'string' && B64TOKEN.test(outcome.value))) {
          throw new Error('extractBearerToken returned something that is not a b64token');
        }
        if (outcome.kind !== 'resolved') expectGuardError(outcome.error, 'extractBearerToken');
      }),
      { seed: 0x5eed0006, numRuns: 600, verbose: false },
    );
  });

  it('extractBearerToken returns exactly the b64token of a well-formed header, whatever the case and surrounding whitespace', () => {
    const scheme = fc.constantFrom('Bearer', 'bearer', 'BEARER', 'bEaReR');
    const around = fc.constantFrom('', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\ufeff', '\u2028', '\u3000');
    fc.assert(
      fc.property(around, scheme, fc.integer({ min: 1, max: 4 }), fc.stringMatching(/^[A-Za-z0-9\-._~+/]+=*$/), around, (lead, s, spaces, token, trail) => {
        const header = `${lead}${s}${' '.repeat(spaces)}${token}${trail}`;
        const outcome = latency.measureSync(() => extractBearerToken(header));
        if (outcome.kind !== 'resolved') throw new Error(`well-formed header refused: ${describeError(outcome.error)}`);
        if (outcome.value !== token) throw new Error('well-formed header: another token was returned');
        if (extractBearerToken([header]) !== token) throw new Error('a one-element header list is not read like the header');
      }),
      { seed: 0x5eed0004, numRuns: 2000, verbose: false },
    );
  });

  it('extractBearerToken never returns anything but a b64token, for headers with a junk character anywhere', () => {
    const junk = fc.constantFrom(' ', '\t', ',', '"', '=', '\u0000', '\u00e9', '\ud800', ':', ';', '\\', '\n');
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,30}$/), junk, fc.nat(), (token, j, at) => {
        const header = `Bearer ${token}`;
        const pos = at % (header.length + 1);
        checkExtraction(latency, header.slice(0, pos) + j + header.slice(pos));
      }),
      { seed: 0x5eed0005, numRuns: 2000, verbose: false },
    );
  });

  it('is fast: median, 99th percentile and maximum latency', () => {
    expect(latency.count).toBeGreaterThan(100);
    expectFast(latency);
  });
});

// ---------------------------------------------------------------------------------------------
// Property 4: encoding invariants.
// ---------------------------------------------------------------------------------------------

/** An independent strict base64url decoder: alphabet, length, and zero trailing bits. */
function referenceDecode(s: string): Uint8Array | undefined {
  if (s.length === 0 || s.length % 4 === 1) return undefined;
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const v = B64URL_ALPHABET.indexOf(s[i]!);
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
      acc &= (1 << bits) - 1;
    }
  }
  return acc === 0 ? Uint8Array.from(out) : undefined;
}

const junkChar = fc.constantFrom('=', '+', '/', ' ', '\n', '\t', '.', '\u0000', '\u00e9', '\ud800', '\ufeff', '%', '*');

/** Strings close to base64url: canonical encodings, their mutants, and random text over the alphabet. */
const base64ish: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]*$/),
  fc.uint8Array({ maxLength: 64 }).map((b) => b64u(b)),
  // Change the last character: usually only its unused trailing bits.
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.constantFrom(...B64URL_ALPHABET)).map(([b, c]) => b64u(b).slice(0, -1) + c),
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), junkChar).map(([b, at, j]) => {
    const s = b64u(b);
    const pos = at % (s.length + 1);
    return s.slice(0, pos) + j + s.slice(pos);
  }),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')),
  fc.string({ unit: fc.constantFrom(...B64URL_ALPHABET, '=', '+', '/', ' '), maxLength: 40 }),
  fc.string({ maxLength: 20 }),
);

/**
 * Deep equality of a strict result (null-prototype root) with a JSON.parse value. Not vitest's
 * toStrictEqual: it compares own `constructor` members as if they were the constructors.
 */
function sameJson(strict: Record<string, unknown>, parsed: unknown): boolean {
  return isDeepStrictEqual({ ...strict }, parsed);
}

describe('property 4: encoding invariants', () => {
  it('decodeBase64Url(s) returns bytes iff those bytes encode to s, and agrees with an independent strict decoder', () => {
    fc.assert(
      fc.property(base64ish, (s) => {
        const decoded = decodeBase64Url(s);
        const reference = referenceDecode(s);
        expect(decoded === undefined).toBe(reference === undefined);
        if (decoded !== undefined) {
          expect(Buffer.from(decoded).toString('base64url')).toBe(s);
          expect(Buffer.from(decoded).equals(Buffer.from(reference!))).toBe(true);
        } else if (s.length > 0) {
          // No bytes encode to s: Buffer's decoder inverts its encoder, so if some did they would be these.
          expect(Buffer.from(s, 'base64url').toString('base64url')).not.toBe(s);
        }
      }),
      { seed: 0x5eed0041, numRuns: 5000, verbose: false },
    );
  });

  it('every non-empty byte string round-trips through its canonical base64url', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 600 }), (b) => {
        expect(decodeBase64Url(b64u(b))?.equals(Buffer.from(b))).toBe(true);
      }),
      { seed: 0x5eed0042, numRuns: 2000, verbose: false },
    );
    // The empty segment is refused by design (no JWS segment this validator accepts is empty).
    expect(decodeBase64Url('')).toBeUndefined();
  });

  it('strict JSON equals JSON.parse on objects without duplicate (case-insensitive) or __proto__ members within depth 8, and refuses the rest', () => {
    // Root object plus n - 1 containers: around the depth limit of 8.
    const nested = fc
      .tuple(fc.integer({ min: 1, max: 14 }), fc.boolean())
      .map(([n, arrays]): JsonNode => ({ t: 'obj', members: [[plainName('a'), nestedNode(n - 1, arrays)]] }));
    const objects = fc.oneof({ weight: 4, arbitrary: tree.obj }, { weight: 1, arbitrary: nested });
    fc.assert(
      fc.property(objects, fc.constantFrom('', ' ', '\n\t', '\r\n '), (root, ws) => {
        const text = writeNode(root, ws);
        const problems = problemsOf(root);
        const result = parseStrictJsonObject(Buffer.from(text, 'utf8'));
        if (problems.size === 0) {
          expect(result.ok).toBe(true);
          if (result.ok) {
            expect(Object.getPrototypeOf(result.value)).toBeNull();
            expect(sameJson(result.value, JSON.parse(text))).toBe(true);
          }
        } else {
          expect(result.ok).toBe(false);
          if (!result.ok) expect([...problems]).toContain(result.problem);
        }
      }),
      { seed: 0x5eed0043, numRuns: 3000, verbose: false },
    );
  });

  it('strict JSON equals JSON.parse on JSON.stringify of generated objects exactly when they have no case-insensitive duplicate', () => {
    const objects = fc.oneof(
      fc.object({ maxDepth: 4, maxKeys: 6 }),
      fc.dictionary(fc.constantFrom('a', 'A', 'tid', 'TID', 'x', 'X', '\u212a', 'k'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
      fc.jsonValue({ maxDepth: 10 }).map((v) => ({ v })),
    );
    fc.assert(
      fc.property(objects, (object) => {
        const text = JSON.stringify(object);
        const expected = JSON.parse(text) as unknown;
        const problems = problemsOfValue(expected);
        const result = parseStrictJsonObject(Buffer.from(text, 'utf8'));
        expect(result.ok).toBe(problems.size === 0);
        if (result.ok) expect(sameJson(result.value, expected)).toBe(true);
        else expect([...problems]).toContain(result.problem);
      }),
      { seed: 0x5eed0044, numRuns: 2000, verbose: false },
    );
  });

  it('on arbitrary bytes and text the strict parser never throws, and accepts only what JSON.parse reads as the same object', () => {
    const inputs = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.string({ maxLength: 200 }).map((s) => Buffer.from(s, 'utf8')),
      fc.string({ unit: utf16Unit, maxLength: 60 }).map((s) => Buffer.from(`{${s}}`, 'utf8')),
      tree.obj.map((o) => Buffer.from(writeNode(o, ''), 'utf8')),
      // A BOM or whitespace before the object, or a truncated or extended object.
      fc.tuple(tree.obj, fc.constantFrom('\ufeff', ' ', '\n', '')).map(([o, p]) => Buffer.from(p + writeNode(o, ''), 'utf8')),
      fc.tuple(tree.obj, fc.nat(), fc.constantFrom('', '}', ',', '"', '\\', ' {}')).map(([o, cut, tail]) => {
        const t = writeNode(o, '');
        return Buffer.from(t.slice(0, cut % (t.length + 1)) + tail, 'utf8');
      }),
    );
    fc.assert(
      fc.property(inputs, (input) => {
        const result = parseStrictJsonObject(input);
        let text: string | undefined;
        try {
          text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
        } catch {
          text = undefined;
        }
        if (!result.ok) return;
        // Accepted: valid UTF-8 without BOM, starting with "{", and JSON.parse reads the same object.
        expect(text).toBeDefined();
        expect(text!.startsWith('{')).toBe(true);
        const parsed = JSON.parse(text!) as unknown;
        expect(problemsOfValue(parsed).size).toBe(0);
        expect(sameJson(result.value, parsed)).toBe(true);
      }),
      { seed: 0x5eed0045, numRuns: 3000, verbose: false },
    );
  });
});

describe('process health', () => {
  it('left no unhandled rejection and wrote nothing to the console', async () => {
    await drainMicrotasks();
    expect(unhandled.count()).toBe(0);
    for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
  });
});
