// Attack catalogue §4: algorithm and key-selection attacks (rows 33–39, 41–44, 46, 48–53, 55).
import { constants, createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { RemoteKeyCache } from '@entra-guard/core';
import { b64u, createSigningKey, signRs256, type SigningKey } from '@entra-guard/test-support';
import { expectAccepted, expectGoodTokensAccepted, expectOnlyConfiguredRequests, expectRejected, NOW_MS, publishedAs, T, X, useAttackEnv } from './setup.js';

const FAST_MS = 200;
const OCT_SECRET = randomBytes(32);
const HUGE_N = (() => {
  const n = randomBytes(2048); // a fake 16384-bit modulus: generating a real one takes minutes
  n[0]! |= 0x80;
  return n.toString('base64url');
})();
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

// Published beside K_T and K_MSA: keys no token may ever be verified with (rows 52, 53, 55).
const env = useAttackEnv({
  extraKeys: async ({ kA }) => {
    const short = await Promise.all([2047, 1024, 512].map((bits) => createSigningKey({ modulusLength: bits, kid: `k-${bits}` })));
    const rsa = { kty: 'RSA', n: kA.jwk.n, e: 'AQAB' };
    return [
      ...short,
      publishedAs(kA, { kty: 'oct', kid: 'k-oct', k: OCT_SECRET.toString('base64url') }),
      publishedAs(kA, { ...rsa, kid: 'k-enc', use: 'enc' }),
      publishedAs(kA, { ...rsa, kid: 'k-ops', key_ops: ['encrypt'] }),
      publishedAs(kA, { ...ec.publicKey.export({ format: 'jwk' }), kid: 'k-ec', use: 'sig' }),
      publishedAs(kA, { kty: 'RSA', use: 'sig', kid: 'k-huge', n: HUGE_N, e: 'AQAB' }),
    ];
  },
});

const headerOf = (alg: unknown, extra: Record<string, unknown> = {}) => ({ typ: 'JWT', alg, kid: env.kT.kid, ...extra });
const payload = () => env.parts().payload;
const input = (header: object) => `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload()))}`;
const hmac = (hash: string, secret: string | Buffer, data: string) => createHmac(hash, secret).update(data).digest('base64url');

let acceptedKids: string[] = [];
beforeAll(async () => {
  // Which published keys the key cache accepts, read through core's own RemoteKeyCache.
  const settings = env.guard.options.keys;
  if (settings.kind !== 'remote') throw new Error('expected remote keys');
  const cache = new RemoteKeyCache({
    cloud: env.guard.options.cloud, tenantId: T, allowPersonalAccounts: false, acceptV1: true, settings, fetch: env.server.fetch, clock: () => NOW_MS,
  });
  await cache.ready();
  acceptedKids = cache.kids;
  cache.close();
});

describe('positive controls', () => {
  it('accepts G2, G1 and GA, and caches K_T and K_MSA', async () => {
    await expectGoodTokensAccepted(env);
    expect(acceptedKids).toEqual(expect.arrayContaining([env.kT.kid, env.kMsa.kid]));
  });
});

describe('row 33: alg none, all casings', () => {
  const cases = ['none', 'None', 'NONE', 'nOnE'].flatMap((alg) => [[alg, 'empty'], [alg, 'the original RS256'], [alg, 'absent']] as const);
  it.each(cases)('refuses alg %s with %s signature', async (alg, sig) => {
    const i = input(headerOf(alg));
    if (sig === 'absent') return void (await expectRejected(env.guard, i, 'EG_TOKEN_MALFORMED')); // two segments: structure refuses first
    const s = sig === 'empty' ? '' : env.g2().split('.')[2];
    await expectRejected(env.guard, `${i}.${s}`, 'EG_TOKEN_ALG_REFUSED');
  });
});

describe('row 34: missing or malformed alg', () => {
  it.each([['missing', undefined], ['""', ''], ['null', null], ['["RS256"]', ['RS256']], ['"rs256"', 'rs256'], ['"RS256 "', 'RS256 '], ['{"RS256":1}', { RS256: 1 }]])(
    'refuses alg %s',
    async (_name, alg) => {
      await expectRejected(env.guard, env.mint({ header: { alg } }), 'EG_TOKEN_ALG_REFUSED');
    },
  );
});

const pem = (label: string, der: string) => `-----BEGIN ${label}-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
const PUBLIC_KEY_ENCODINGS: [string, (k: SigningKey) => string | Buffer][] = [
  ['SPKI PEM', (k) => k.publicKey.export({ type: 'spki', format: 'pem' })],
  ['SPKI PEM without the final newline', (k) => String(k.publicKey.export({ type: 'spki', format: 'pem' })).trimEnd()],
  ['SPKI PEM with CRLF', (k) => String(k.publicKey.export({ type: 'spki', format: 'pem' })).replace(/\n/g, '\r\n')],
  ['SPKI PEM with leading whitespace', (k) => ` \n\t${String(k.publicKey.export({ type: 'spki', format: 'pem' }))}`],
  ['PKCS#1 PEM', (k) => k.publicKey.export({ type: 'pkcs1', format: 'pem' })],
  ['SPKI DER', (k) => k.publicKey.export({ type: 'spki', format: 'der' })],
  ['PKCS#1 DER', (k) => k.publicKey.export({ type: 'pkcs1', format: 'der' })],
  ['x5c certificate PEM', (k) => pem('CERTIFICATE', (k.jwk.x5c as string[])[0]!)],
  ['raw n bytes', (k) => Buffer.from(String(k.jwk.n), 'base64url')],
  ['the published JWK JSON text', (k) => JSON.stringify(k.jwk)],
  ['the JWK JSON text {kty,n,e}', (k) => JSON.stringify({ kty: 'RSA', n: k.jwk.n, e: k.jwk.e })],
];

describe('row 35: HS256 keyed with the RSA public key', () => {
  it.each(PUBLIC_KEY_ENCODINGS)('refuses HS256 keyed with %s', async (_name, secretOf) => {
    const i = input(headerOf('HS256'));
    await expectRejected(env.guard, `${i}.${hmac('sha256', secretOf(env.kT), i)}`, 'EG_TOKEN_ALG_REFUSED');
  });
  it.each(['HS384', 'HS512'])('refuses %s keyed with the SPKI PEM', async (alg) => {
    const i = input(headerOf(alg));
    await expectRejected(env.guard, `${i}.${hmac(`sha${alg.slice(2)}`, PUBLIC_KEY_ENCODINGS[0]![1](env.kT), i)}`, 'EG_TOKEN_ALG_REFUSED');
  });
});

describe('row 36: blank or weak HMAC secret', () => {
  it.each([['""', ''], ['"secret"', 'secret'], ['a 1-byte key', Buffer.from([0x61])]])('refuses HS256 signed with %s', async (_name, secret) => {
    const i = input(headerOf('HS256'));
    await expectRejected(env.guard, `${i}.${hmac('sha256', secret, i)}`, 'EG_TOKEN_ALG_REFUSED');
  });
});

describe('row 37: other algorithms with the legitimately held key', () => {
  const pss = (hash: string, data: string) =>
    sign(hash, Buffer.from(data), { key: env.kT.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(hash.slice(3)) / 8 }).toString('base64url');
  it.each([
    ['RS384', (i: string) => signRs256(i, env.kT, 'sha384')],
    ['RS512', (i: string) => signRs256(i, env.kT, 'sha512')],
    ['PS256', (i: string) => pss('sha256', i)],
    ['PS384', (i: string) => pss('sha384', i)],
    ['PS512', (i: string) => pss('sha512', i)],
  ])('refuses %s signed with K_T', async (alg, signWith) => {
    const i = input(headerOf(alg));
    await expectRejected(env.guard, `${i}.${signWith(i)}`, 'EG_TOKEN_ALG_REFUSED');
  });
  it('refuses an RS256 label over an RSA-SHA512 signature', async () => {
    const i = input(headerOf('RS256'));
    await expectRejected(env.guard, `${i}.${signRs256(i, env.kT, 'sha512')}`, 'EG_SIGNATURE_INVALID');
  });
});

describe('row 38: ECDSA psychic signature', () => {
  it.each([
    ['64 zero bytes, kid K_T', 'K_T', 'A'.repeat(86)],
    ['DER r=s=0, kid K_T', 'K_T', 'MAYCAQACAQA'],
    ['64 zero bytes, kid of the published EC key', 'k-ec', 'A'.repeat(86)],
  ])('refuses ES256 with %s', async (_name, kid, sig) => {
    const i = input(headerOf('ES256', { kid: kid === 'K_T' ? env.kT.kid : kid }));
    await expectRejected(env.guard, `${i}.${sig}`, 'EG_TOKEN_ALG_REFUSED');
  });
  it('refuses a genuine ES256 signature by the published EC key', async () => {
    const i = input(headerOf('ES256', { kid: 'k-ec' }));
    const s = sign('sha256', Buffer.from(i), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    await expectRejected(env.guard, `${i}.${s}`, 'EG_TOKEN_ALG_REFUSED');
  });
});

describe('row 39: malformed RSA signatures', () => {
  const good = () => Buffer.from(env.g2().split('.')[2]!, 'base64url');
  it.each([
    ['all-zero 256 bytes', () => Buffer.alloc(256)],
    ['all-0xFF 256 bytes', () => Buffer.alloc(256, 0xff)],
    ['a valid signature with a leading 0x00 (257 bytes)', () => Buffer.concat([Buffer.alloc(1), good()])],
    ['a valid signature truncated to 255 bytes', () => good().subarray(0, 255)],
    ['the modulus n itself (a value >= n)', () => Buffer.from(String(env.kT.jwk.n), 'base64url')],
    ['a valid signature with one bit flipped', () => Buffer.from(good().map((b, i) => (i === 100 ? b ^ 1 : b)))],
    ['512 bytes', () => randomBytes(512)],
    ['1 byte', () => Buffer.alloc(1)],
  ])('refuses %s', async (_name, sig) => {
    const [h, p] = env.g2().split('.');
    await expectRejected(env.guard, `${h}.${p}.${sig().toString('base64url')}`, 'EG_SIGNATURE_INVALID');
  });
});

describe('row 41: embedded jwk header', () => {
  const attackerJwk = () => ({ kty: 'RSA', n: env.kA.jwk.n, e: env.kA.jwk.e });
  it.each([['kid "evil"', 'evil'], ['kid of K_T', undefined]])('refuses a K_A-signed token carrying its own jwk, %s', async (_name, kid) => {
    const token = env.sign(headerOf('RS256', { jwk: attackerJwk(), kid: kid ?? env.kT.kid }), payload(), env.kA);
    await expectRejected(env.guard, token, 'EG_TOKEN_HEADER_REFUSED');
  });
});

describe('row 42: jku injection', () => {
  it.each([
    ['an attacker URL on the key server', () => `${env.server.origin}/attacker/jwks.json`],
    ['another tenant app-specific keys (?appid=)', () => `${env.server.origin}/${X}/discovery/v2.0/keys?appid=attacker-app`],
    ['an external attacker host', () => 'https://attacker.example/jwks.json'],
  ])('refuses jku to %s and never fetches it', async (_name, jku) => {
    env.server.clearRequests();
    const token = env.sign(headerOf('RS256', { jku: jku(), kid: 'attacker-kid' }), payload(), env.kA);
    await expectRejected(env.guard, token, 'EG_TOKEN_HEADER_REFUSED');
    expect(env.server.countRequests('/attacker')).toBe(0);
    expect(env.server.countRequests('appid=')).toBe(0);
    expect(env.server.requests).toHaveLength(0);
  });
});

describe('row 43: x5u and x5c headers', () => {
  const x5c = () => env.kA.jwk.x5c as string[];
  it.each([
    ['x5c = self-signed certificate of K_A', () => ({ x5c: x5c() })],
    ['x5c = K_A leaf followed by K_T certificate', () => ({ x5c: [...x5c(), ...(env.kT.jwk.x5c as string[])] })],
    ['x5u = attacker URL', () => ({ x5u: `${env.server.origin}/attacker/cert.pem` })],
  ])('refuses %s with no fetch', async (_name, extra) => {
    env.server.clearRequests();
    await expectRejected(env.guard, env.sign(headerOf('RS256', extra()), payload(), env.kA), 'EG_TOKEN_HEADER_REFUSED');
    expect(env.server.requests).toHaveLength(0);
  });
});

describe('row 44: kid injection', () => {
  it.each([
    ['../../../../dev/null', '../../../../dev/null', 'EG_KEY_NOT_FOUND'],
    ['/proc/sys/kernel/randomize_va_space', '/proc/sys/kernel/randomize_va_space', 'EG_KEY_NOT_FOUND'],
    ['SQL injection (has spaces)', "' UNION SELECT 'secret' --", 'EG_TOKEN_HEADER_REFUSED'],
    ['$(id)', '$(id)', 'EG_KEY_NOT_FOUND'],
    ['|id', '|id', 'EG_KEY_NOT_FOUND'],
    ['%2e%2e%2f', '%2e%2e%2f', 'EG_KEY_NOT_FOUND'],
    ['{"$ne":null} (object)', { $ne: null }, 'EG_TOKEN_HEADER_REFUSED'],
    ['CRLF header injection', 'x\r\nSet-Cookie: a=b', 'EG_TOKEN_HEADER_REFUSED'],
    ['a 10 KiB string', 'A'.repeat(10 * 1024), 'EG_TOKEN_HEADER_REFUSED'],
    ['a number', 12345, 'EG_TOKEN_HEADER_REFUSED'],
    ['an array', ['x'], 'EG_TOKEN_HEADER_REFUSED'],
    ['null', null, 'EG_TOKEN_HEADER_REFUSED'],
    ['the empty string', '', 'EG_TOKEN_HEADER_REFUSED'],
    ['__proto__', '__proto__', 'EG_KEY_NOT_FOUND'],
    ['constructor', 'constructor', 'EG_KEY_NOT_FOUND'],
  ] as const)('refuses kid %s and only ever asks the configured authority', async (_name, kid, code) => {
    env.server.clearRequests();
    const { error } = await expectRejected(env.guard, env.sign(headerOf('RS256', { kid }), payload(), env.kA), code);
    expect(error.detail).not.toContain('\r');
    expectOnlyConfiguredRequests(env.server, T);
  });
});

describe('row 44 (log lines): CRLF smuggled into the header', () => {
  it('keeps err.detail free of CR/LF when a header member name carries them', async () => {
    const header = `{"alg":"RS256","kid":"${env.kT.kid}","x\\r\\nlevel=error msg=forged":1}`;
    const token = `${b64u(header)}.${b64u(JSON.stringify(payload()))}`;
    await expectRejected(env.guard, `${token}.${signRs256(token, env.kA)}`, 'EG_TOKEN_HEADER_REFUSED');
  });
});

describe('row 46: unknown kid', () => {
  it('refuses random kids after at most one extra key fetch, and keeps accepting G2', async () => {
    const guard = await env.makeGuard();
    env.server.clearRequests();
    for (let i = 0; i < 5; i++) {
      await expectRejected(guard, env.sign(headerOf('RS256', { kid: randomBytes(20).toString('base64url') }), payload(), env.kA), 'EG_KEY_NOT_FOUND');
    }
    await expectRejected(guard, env.sign(headerOf('RS256', { kid: undefined, x5t: 'unknown-thumbprint' }), payload(), env.kA), 'EG_KEY_NOT_FOUND');
    expect(env.server.requests.length).toBeLessThanOrEqual(1);
    expect(env.server.countRequests('/discovery/v2.0/keys')).toBeLessThanOrEqual(1);
    expectOnlyConfiguredRequests(env.server, T);
    await expectAccepted(guard, env.g2());
  });
});

describe('row 48: no kid at all', () => {
  it('refuses G2 without kid and without x5t (several keys are published)', async () => {
    await expectRejected(env.guard, env.mint({ header: { kid: undefined } }), 'EG_TOKEN_HEADER_REFUSED');
  });
  it('refuses kid and x5t naming different keys', async () => {
    await expectRejected(env.guard, env.mint({ header: { x5t: env.kMsa.kid } }), 'EG_TOKEN_HEADER_REFUSED');
  });
  it('accepts an old v1 token naming its key by x5t only (control)', async () => {
    await expectAccepted(env.guard, env.g1({ header: { kid: undefined } }));
  });
});

describe('row 49: crit header', () => {
  it.each([
    ['crit ["exp"]', { crit: ['exp'] }],
    ['crit ["x-unknown"] with x-unknown', { crit: ['x-unknown'], 'x-unknown': 1 }],
    ['crit []', { crit: [] }],
    ['crit "b64"', { crit: 'b64' }],
    ['crit ["b64"] with b64 false', { crit: ['b64'], b64: false }],
  ])('refuses re-signed %s', async (_name, extra) => {
    await expectRejected(env.guard, env.mint({ header: extra }), 'EG_TOKEN_HEADER_REFUSED');
  });
});

describe('row 50: b64 without crit', () => {
  it.each([false, true])('refuses re-signed G2 with b64:%s', async (b64) => {
    await expectRejected(env.guard, env.mint({ header: { b64 } }), 'EG_TOKEN_HEADER_REFUSED');
  });
});

describe('row 51: typ header values', () => {
  it.each(['JWT', 'jwt', 'application/jwt', 'APPLICATION/JWT', undefined])('accepts typ %s', async (typ) => {
    await expectAccepted(env.guard, env.mint({ header: { typ } }));
  });
  it('accepts at+jwt only on a guard configured with acceptAtJwtType', async () => {
    await expectRejected(env.guard, env.mint({ header: { typ: 'at+jwt' } }), 'EG_TOKEN_HEADER_REFUSED');
    const atGuard = await env.makeGuard({ acceptAtJwtType: true });
    await expectAccepted(atGuard, env.mint({ header: { typ: 'at+jwt' } }));
    await expectRejected(atGuard, env.mint({ header: { typ: 'dpop+jwt' } }), 'EG_TOKEN_HEADER_REFUSED');
  });
  it.each(['dpop+jwt', 'logout+jwt', 'secevent+jwt', 'JOSE+JSON', 'JOSE', 'JWT ', '', 123, null, ['JWT']])('refuses typ %j', async (typ) => {
    await expectRejected(env.guard, env.mint({ header: { typ } }), 'EG_TOKEN_HEADER_REFUSED');
  });
});

// Keys that are published but must never verify a token. core skips them when importing the key
// set, so a token naming one gets EG_KEY_NOT_FOUND (the key "does not exist" for the validator).
describe('row 52: symmetric (and other non-signing) keys smuggled into the JWKS', () => {
  it('does not import the oct, use:enc, key_ops:[encrypt] or EC keys', () => {
    for (const kid of ['k-oct', 'k-enc', 'k-ops', 'k-ec']) expect(acceptedKids).not.toContain(kid);
  });
  it('refuses HS256 HMAC-ed with the published oct secret', async () => {
    const i = input(headerOf('HS256', { kid: 'k-oct' }));
    await expectRejected(env.guard, `${i}.${hmac('sha256', OCT_SECRET, i)}`, 'EG_TOKEN_ALG_REFUSED');
  });
  it.each(['k-oct', 'k-enc', 'k-ops', 'k-ec'])('refuses an RS256 token naming %s', async (kid) => {
    // k-enc and k-ops carry K_A's modulus, so the signature would verify if the key were used.
    await expectRejected(env.guard, env.sign(headerOf('RS256', { kid }), payload(), env.kA), 'EG_KEY_NOT_FOUND');
  });
});

describe('row 53: short RSA keys', () => {
  it('does not import the 2047-, 1024- and 512-bit keys', () => {
    for (const kid of ['k-2047', 'k-1024', 'k-512']) expect(acceptedKids).not.toContain(kid);
  });
  it.each(['k-2047', 'k-1024', 'k-512'])('refuses an otherwise perfect G2 signed by %s', async (kid) => {
    const key = env.extra.find((k) => k.kid === kid)!;
    await expectRejected(env.guard, env.mint({ key }), 'EG_KEY_NOT_FOUND');
  });
});

describe('row 55: oversized key', () => {
  it('does not import the 16384-bit key', () => {
    expect(acceptedKids).not.toContain('k-huge');
  });
  it('refuses a token naming it, fast', async () => {
    const i = input(headerOf('RS256', { kid: 'k-huge' }));
    // A 2048-byte signature, as long as the fake modulus: nothing short-circuits on length.
    const { ms } = await expectRejected(env.guard, `${i}.${randomBytes(2048).toString('base64url')}`, 'EG_KEY_NOT_FOUND');
    expect(ms).toBeLessThan(FAST_MS);
  });
});
