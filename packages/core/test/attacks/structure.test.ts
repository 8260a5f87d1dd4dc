// Attack catalogue §3: token structure and encoding (rows 17–32).
import { deflateRawSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { b64u } from '@entra-guard/test-support';
import { expectAccepted, expectGoodTokensAccepted, expectRejected, MARKER, signRaw, useAttackEnv, X } from './setup.js';

const env = useAttackEnv();
const FAST_MS = 200;

const segments = (token: string): [string, string, string] => token.split('.') as [string, string, string];
const replaceSegment = (token: string, i: number, value: string): string =>
  token.split('.').map((s, j) => (j === i ? value : s)).join('.');
const g2Header = (): Record<string, unknown> => env.parts().header;
const g2PayloadJson = (): string => JSON.stringify(env.parts({ claims: { marker: MARKER } }).payload);

describe('positive controls', () => {
  it('accepts G2, G1 and GA', () => expectGoodTokensAccepted(env));
});

describe('row 17: missing signature part', () => {
  it('refuses H.P (two segments)', async () => {
    const [h, p] = segments(env.g2());
    await expectRejected(env.guard, `${h}.${p}`, 'EG_TOKEN_MALFORMED');
  });
});

describe('row 18: signature stripping and unverified signatures', () => {
  it('refuses H.P. with alg RS256 and an empty signature', async () => {
    const [h, p] = segments(env.g2());
    // Structure lets an empty third segment through (alg "none" shape); the signature check refuses it.
    await expectRejected(env.guard, `${h}.${p}.`, 'EG_SIGNATURE_INVALID');
  });

  it('refuses an edited payload that keeps G2 signature', async () => {
    const [h, , sig] = segments(env.g2());
    const edited = b64u(JSON.stringify(env.parts({ roles: ['Orders.Admin'], claims: { marker: MARKER } }).payload));
    await expectRejected(env.guard, `${h}.${edited}.${sig}`, 'EG_SIGNATURE_INVALID');
  });
});

describe('row 19: wrong segment count', () => {
  it.each([
    ['H.P.S.X', (h: string, p: string, s: string) => `${h}.${p}.${s}.${b64u('x')}`],
    ['.P.S', (_h: string, p: string, s: string) => `.${p}.${s}`],
    ['H..S', (h: string, _p: string, s: string) => `${h}..${s}`],
    ['..', () => '..'],
    ['H.P.S. (trailing dot)', (h: string, p: string, s: string) => `${h}.${p}.${s}.`],
    ['H.P.S.. (six segments)', (h: string, p: string, s: string) => `${h}.${p}.${s}...`],
    ['single segment', (h: string) => h],
  ])('refuses %s', async (_name, build) => {
    await expectRejected(env.guard, build(...segments(env.g2())), 'EG_TOKEN_MALFORMED');
  });
});

const jweParts = (header: object, ciphertext: Buffer, encryptedKey: Buffer = randomBytes(256)): string =>
  [b64u(JSON.stringify(header)), encryptedKey.length ? b64u(encryptedKey) : '', b64u(randomBytes(12)), b64u(ciphertext), b64u(randomBytes(16))].join('.');

describe('row 20: JWE sent as an access token', () => {
  it('refuses a five-segment RSA-OAEP JWE without decrypting', async () => {
    const token = jweParts({ alg: 'RSA-OAEP', enc: 'A256GCM', kid: env.kT.kid }, randomBytes(600));
    await expectRejected(env.guard, token, 'EG_TOKEN_ENCRYPTED');
  });

  it('refuses a five-segment "dir" JWE (empty encrypted key)', async () => {
    await expectRejected(env.guard, jweParts({ alg: 'dir', enc: 'A128GCM' }, randomBytes(600), Buffer.alloc(0)), 'EG_TOKEN_ENCRYPTED');
  });
});

describe('row 21: JWE resource bombs', () => {
  it('refuses a zip:"DEF" bomb (10 MiB of zeros deflated) fast', async () => {
    const bomb = deflateRawSync(Buffer.alloc(10 * 1024 * 1024));
    const token = jweParts({ alg: 'RSA-OAEP', enc: 'A256GCM', zip: 'DEF', kid: env.kT.kid }, bomb);
    expect(token.length).toBeLessThan(16_384);
    expect((await expectRejected(env.guard, token, 'EG_TOKEN_ENCRYPTED')).ms).toBeLessThan(FAST_MS);
  });

  it('refuses a JWE with a 100 KiB ciphertext fast', async () => {
    const token = jweParts({ alg: 'RSA-OAEP', enc: 'A256GCM', zip: 'DEF' }, randomBytes(100 * 1024));
    // The 16 KiB length cap runs before the segment count, so this one is "malformed".
    expect((await expectRejected(env.guard, token, 'EG_TOKEN_MALFORMED')).ms).toBeLessThan(FAST_MS);
  });

  it('refuses PBES2 with p2c 2147483647 fast', async () => {
    const token = jweParts({ alg: 'PBES2-HS512+A256KW', enc: 'A256GCM', p2c: 2147483647, p2s: b64u(randomBytes(16)) }, randomBytes(64));
    expect((await expectRejected(env.guard, token, 'EG_TOKEN_ENCRYPTED')).ms).toBeLessThan(FAST_MS);
  });

  it('refuses a signed three-segment token whose header carries zip or enc', async () => {
    for (const extra of [{ zip: 'DEF' }, { enc: 'A256GCM' }]) {
      await expectRejected(env.guard, env.mint({ header: extra }), 'EG_TOKEN_HEADER_REFUSED');
    }
  });
});

describe('row 22: JWS JSON serialisation and polyglots', () => {
  it('refuses the flattened JSON serialisation and the CVE-2022-39227 polyglot', async () => {
    const [h, p, s] = segments(env.g2());
    const forged = b64u(JSON.stringify(env.parts({ roles: ['Orders.Admin'] }).payload));
    const flattened = JSON.stringify({ protected: h, payload: forged, signature: s });
    const polyglot = JSON.stringify({ [`${h}.${forged}.`]: '', protected: h, payload: p, signature: s });
    await expectRejected(env.guard, flattened, 'EG_TOKEN_MALFORMED');
    await expectRejected(env.guard, polyglot, 'EG_TOKEN_MALFORMED');
  });
});

// Canonical base64url: the same bytes with non-zero trailing bits in the last character.
function nonCanonical(segment: string): string | undefined {
  if (segment.length % 4 === 0) return undefined;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(segment.at(-1)!);
  return segment.slice(0, -1) + alphabet[last | 1];
}
const mid = (s: string, insert: string): string => s.slice(0, 5) + insert + s.slice(5);
const ALPHABET_VARIANTS: [string, (s: string) => string | undefined][] = [
  ['"=" padding', (s) => `${s}=`],
  ['"==" padding', (s) => `${s}==`],
  ['"+" from the base64 alphabet', (s) => `${s.slice(0, 5)}+${s.slice(6)}`],
  ['"/" from the base64 alphabet', (s) => `${s.slice(0, 5)}/${s.slice(6)}`],
  ['an embedded space', (s) => mid(s, ' ')],
  ['an embedded newline', (s) => mid(s, '\n')],
  ['an embedded CRLF', (s) => mid(s, '\r\n')],
  ['an embedded tab', (s) => mid(s, '\t')],
  ['a "!!!!" junk suffix', (s) => `${s}!!!!`],
  ['non-canonical trailing bits', nonCanonical],
];

describe('row 23: non-base64url alphabet', () => {
  const cases = ['header', 'payload', 'signature'].flatMap((part, i) => ALPHABET_VARIANTS.map(([name, f]) => [part, name, i, f] as const));
  it.each(cases)('refuses the %s segment with %s', async (_part, _name, i, mutate) => {
    const token = env.g2({ roles: ['R'.repeat(i + 1)] }); // lengths vary, so every remainder is exercised
    const mutated = mutate(segments(token)[i]!);
    if (mutated === undefined) return; // no trailing bits in a segment of length 4k
    await expectRejected(env.guard, replaceSegment(token, i, mutated), 'EG_TOKEN_MALFORMED');
  });

  it('has a non-canonical variant for the 342-character RS256 signature', () => {
    expect(nonCanonical(segments(env.g2())[2])).toBeDefined();
  });
});

describe('row 25: header is not a JSON object', () => {
  const json = (): string => JSON.stringify(g2Header());
  it.each([
    ['[]', () => '[]'],
    ['null', () => 'null'],
    ['"RS256"', () => '"RS256"'],
    ['123', () => '123'],
    ['true', () => 'true'],
    ['invalid UTF-8', () => Buffer.concat([Buffer.from(json().slice(0, -1)), Buffer.from(',"x":"\xff\xfe"}', 'latin1')])],
    ['overlong UTF-8 quote', () => Buffer.concat([Buffer.from('{"alg":"RS256","x":"'), Buffer.from([0xc0, 0xa2]), Buffer.from('"}')])],
    ['UTF-16LE JSON', () => Buffer.from(json(), 'utf16le')],
    ['UTF-8 BOM + JSON', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json())])],
    ['leading whitespace', () => ` ${json()}`],
    ['trailing garbage', () => `${json()}x`],
    ['truncated JSON', () => json().slice(0, -1)],
  ])('refuses header %s', async (_name, header) => {
    await expectRejected(env.guard, signRaw(header(), g2PayloadJson(), env.kT), 'EG_TOKEN_MALFORMED');
  });
});

describe('row 26: payload is not a JSON object (re-signed)', () => {
  it.each([
    ['[]', () => '[]'],
    ['[{…G2 claims}]', () => `[${g2PayloadJson()}]`],
    ['"x"', () => '"x"'],
    ['123', () => '123'],
    ['null', () => 'null'],
    ['true', () => 'true'],
    ['empty', () => ''],
    ['UTF-8 BOM + claims', () => `\ufeff${g2PayloadJson()}`],
    ['invalid UTF-8', () => Buffer.concat([Buffer.from(g2PayloadJson().slice(0, -1)), Buffer.from(',"x":"\xff"}', 'latin1')])],
  ])('refuses payload %s', async (_name, payload) => {
    await expectRejected(env.guard, signRaw(JSON.stringify(g2Header()), payload(), env.kT), 'EG_TOKEN_MALFORMED');
  });
});

describe('row 27: nested JWT', () => {
  const inner = (): string => env.forge({ roles: ['Orders.Admin'] });
  it('refuses cty:"JWT" with another JWT as payload', async () => {
    await expectRejected(env.guard, signRaw(JSON.stringify({ ...g2Header(), cty: 'JWT' }), inner(), env.kT), 'EG_TOKEN_HEADER_REFUSED');
  });
  it('refuses cty:"JWT" even with a normal payload', async () => {
    await expectRejected(env.guard, env.mint({ header: { cty: 'JWT' } }), 'EG_TOKEN_HEADER_REFUSED');
  });
  it('refuses a JWT string (bare or JSON-quoted) as payload without cty', async () => {
    await expectRejected(env.guard, signRaw(JSON.stringify(g2Header()), inner(), env.kT), 'EG_TOKEN_MALFORMED');
    await expectRejected(env.guard, signRaw(JSON.stringify(g2Header()), JSON.stringify(inner()), env.kT), 'EG_TOKEN_MALFORMED');
  });
});

describe('row 28: duplicate header members (re-signed)', () => {
  it.each([
    ['alg none then RS256', (k: string) => `{"alg":"none","alg":"RS256","kid":"${k}"}`],
    ['two kids (K_T, K_MSA)', (k: string) => `{"alg":"RS256","kid":"${k}","kid":"${env.kMsa.kid}"}`],
    ['alg and ALG', (k: string) => `{"alg":"RS256","ALG":"none","kid":"${k}"}`],
    ['alg and an escaped \\u0061lg', (k: string) => `{"alg":"RS256","\\u0061lg":"none","kid":"${k}"}`],
    ['two typ', (k: string) => `{"typ":"JWT","typ":"at+jwt","alg":"RS256","kid":"${k}"}`],
  ])('refuses %s', async (_name, header) => {
    await expectRejected(env.guard, signRaw(header(env.kT.kid), g2PayloadJson(), env.kT), 'EG_TOKEN_MALFORMED');
  });
});

describe('row 29: duplicate and case-variant claims (re-signed)', () => {
  const withPrefix = (members: string, roles: string[] = []) => `{${members},${JSON.stringify(env.parts({ roles, claims: { marker: MARKER } }).payload).slice(1)}`;
  it.each([
    ['tid X then tid T', () => withPrefix(`"tid":"${X}"`)],
    ['two aud', () => withPrefix('"aud":"api://another-api"')],
    ['two roles', () => withPrefix('"roles":["Orders.Admin"]', ['Orders.Read'])],
    ['tid and TID', () => withPrefix(`"TID":"${X}"`)],
    ['roles and Roles', () => withPrefix('"Roles":["Orders.Admin"]', ['Orders.Read'])],
    ['tid and an escaped t\\u0069d', () => withPrefix(`"t\\u0069d":"${X}"`)],
    ['duplicates inside a nested object', () => withPrefix('"ctx":{"a":1,"a":2}')],
  ])('refuses %s', async (_name, payload) => {
    await expectRejected(env.guard, signRaw(JSON.stringify(g2Header()), payload(), env.kT), 'EG_TOKEN_MALFORMED');
  });
});

describe('row 30: deep nesting', () => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  const headerWith = (nested: string) => `{"alg":"RS256","kid":"${env.kT.kid}","x":${nested}}`;
  it.each([
    ['header, 100 000 nested arrays (over the length cap)', () => signRaw(headerWith(deep(100_000)), g2PayloadJson(), env.kA)],
    ['payload, 100 000 nested arrays (over the length cap)', () => signRaw(JSON.stringify(g2Header()), `{"x":${deep(100_000)}}`, env.kT)],
    ['header, 5 000 nested arrays (under the cap, forged)', () => signRaw(headerWith(deep(5_000)), g2PayloadJson(), env.kA)],
    ['header, 8 000 unclosed arrays (forged)', () => signRaw(headerWith('['.repeat(8_000)), g2PayloadJson(), env.kA)],
    ['payload, 5 000 nested arrays (re-signed)', () => signRaw(JSON.stringify(g2Header()), `${g2PayloadJson().slice(0, -1)},"x":${deep(5_000)}}`, env.kT)],
    ['payload, 1 000 nested objects (re-signed)', () => signRaw(JSON.stringify(g2Header()), `${g2PayloadJson().slice(0, -1)},"x":${'{"a":'.repeat(1_000)}1${'}'.repeat(1_000)}}`, env.kT)],
  ])('refuses %s with 401, fast', async (name, build) => {
    const token = build();
    if (!name.includes('over the length cap')) expect(token.length).toBeLessThan(16_384); // reaches the JSON scanner
    const { ms } = await expectRejected(env.guard, token, 'EG_TOKEN_MALFORMED');
    expect(ms).toBeLessThan(FAST_MS);
  });
});

describe('row 31: huge claim arrays', () => {
  const roles = (n: number) => Array.from({ length: n }, (_, i) => `R.${String(i).padStart(4, '0')}`);
  it('refuses a forged token with 10 000 roles fast', async () => {
    // 10 000 roles cannot fit in the 16 KiB cap, so the structure check refuses it first.
    const { ms } = await expectRejected(env.guard, env.forge({ roles: roles(10_000) }), 'EG_TOKEN_MALFORMED');
    expect(ms).toBeLessThan(FAST_MS);
  });
  it('refuses a forged token with 1 000 roles (fits the cap) fast', async () => {
    const { ms } = await expectRejected(env.guard, env.forge({ roles: roles(1_000) }), 'EG_SIGNATURE_INVALID');
    expect(ms).toBeLessThan(FAST_MS);
  });
  it('processes a re-signed token with 1 000 roles in bounded time', async () => {
    const started = performance.now();
    const principal = await expectAccepted(env.guard, env.mint({ roles: roles(1_000) }));
    expect(performance.now() - started).toBeLessThan(FAST_MS);
    expect(principal.roles.size).toBe(1_000);
    expect(principal.roles.has('R.0999')).toBe(true);
  });
});

describe('row 32: prototype pollution', () => {
  const pollution = '"__proto__":{"roles":["Orders.Admin"],"isAdmin":true},"constructor":{"prototype":{"roles":["Orders.Admin"]}}';
  const pristine = () => {
    const probe = {} as Record<string, unknown>;
    expect(probe.roles).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect(probe.alg).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('roles');
  };

  it('refuses a header with __proto__ and leaves Object.prototype alone', async () => {
    await expectRejected(env.guard, signRaw(`{"alg":"RS256","kid":"${env.kT.kid}","__proto__":{"alg":"none"}}`, g2PayloadJson(), env.kT), 'EG_TOKEN_MALFORMED');
    pristine();
  });

  it('refuses a re-signed payload with __proto__ (plain or escaped) and no real roles', async () => {
    const body = g2PayloadJson().slice(0, -1);
    await expectRejected(env.guard, signRaw(JSON.stringify(g2Header()), `${body},${pollution}}`, env.kT), 'EG_TOKEN_MALFORMED');
    await expectRejected(env.guard, signRaw(JSON.stringify(g2Header()), `${body},"__proto\\u005f_":{"isAdmin":true}}`, env.kT), 'EG_TOKEN_MALFORMED');
    pristine();
  });

  it('grants nothing from constructor/prototype/toString claims (re-signed)', async () => {
    const claims = { constructor: { prototype: { roles: ['Orders.Admin'] } }, toString: 'x', hasOwnProperty: 'x', valueOf: 1 };
    const principal = await expectAccepted(env.guard, env.mint({ claims }));
    expect(principal.roles.size).toBe(0);
    expect(principal.roles.has('Orders.Admin')).toBe(false);
    expect((principal as unknown as Record<string, unknown>).isAdmin).toBeUndefined();
    pristine();
  });
});
