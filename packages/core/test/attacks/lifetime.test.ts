// Attack catalogue §5: lifetime claims (rows 56–66).
// Every guard runs on the fixed clock NOW (setup.ts); S is the default clock skew, pinned at 300 s.
import { describe, expect, it } from 'vitest';
import { expectAccepted, expectGoodTokensAccepted, expectRejected, NOW, NOW_MS, useAttackEnv } from './setup.js';

const env = useAttackEnv();
const S = 300;
const MAX_LIFETIME = 100_800;

/** A re-signed G2 whose time claims are replaced (`undefined` removes one). */
const timed = (claims: Record<string, unknown>) => env.mint({ claims });
/** Same, with `exp`, `iat` or `nbf` written as raw JSON number text (1e400 cannot be built with JSON.stringify). */
function rawTimes(raw: Record<string, string>): string {
  const { header, payload } = env.parts();
  let json = JSON.stringify({ ...payload, ...Object.fromEntries(Object.keys(raw).map((k) => [k, `@@${k}@@`])) });
  for (const [name, text] of Object.entries(raw)) json = json.replace(`"@@${name}@@"`, text);
  return env.sign(header, json);
}

describe('positive controls', () => {
  it('accepts G2, G1 and GA at NOW', () => expectGoodTokensAccepted(env));

  it('uses the pinned defaults (skew 300 s, max lifetime 100 800 s)', () => {
    expect(env.guard.options.clockSkewSeconds).toBe(S);
    expect(env.guard.options.maxTokenLifetimeSeconds).toBe(MAX_LIFETIME);
  });
});

describe('row 56: expired, at the skew edge', () => {
  it('accepts exp = now - S + 1', async () => {
    await expectAccepted(env.guard, timed({ exp: NOW - S + 1, iat: NOW - 3600, nbf: NOW - 3600 }));
  });
  it.each([
    ['exp = now - S - 1', NOW - S - 1],
    ['exp = now - S (exactly at the edge)', NOW - S],
    ['exp a day ago', NOW - 86_400],
  ])('refuses %s', async (_name, exp) => {
    await expectRejected(env.guard, timed({ exp, iat: exp - 3600, nbf: exp - 3600 }), 'EG_TOKEN_EXPIRED');
  });
});

describe('row 57: exp == now with S = 0', () => {
  it('refuses exp == now and accepts exp == now + 1', async () => {
    const strict = await env.makeGuard({ clockSkewSeconds: 0 });
    await expectRejected(strict, timed({ exp: NOW, iat: NOW - 600, nbf: NOW - 600 }), 'EG_TOKEN_EXPIRED');
    await expectAccepted(strict, timed({ exp: NOW + 1, iat: NOW - 600, nbf: NOW - 600 }));
  });
});

describe('row 58: missing exp', () => {
  it('refuses re-signed G2 without exp', async () => {
    await expectRejected(env.guard, timed({ exp: undefined }), 'EG_TOKEN_LIFETIME_INVALID');
  });
});

describe('row 59: exp type confusion', () => {
  it.each([
    ['"9999999999" (string)', '9999999999'],
    ['null', null],
    ['true', true],
    ['[9999999999]', [9_999_999_999]],
    ['{"$gt":0}', { $gt: 0 }],
    ['"" (empty string)', ''],
  ])('refuses exp %s', async (_name, exp) => {
    await expectRejected(env.guard, timed({ exp }), 'EG_TOKEN_LIFETIME_INVALID');
  });
});

describe('row 60: non-finite or absurd exp', () => {
  it.each([
    ['exp 1e400 (Infinity after JSON.parse)', { exp: '1e400' }],
    ['exp -1e400', { exp: '-1e400' }],
    ['exp 1.7976931348623157e308', { exp: '1.7976931348623157e308' }],
    ['exp 9007199254740993', { exp: '9007199254740993' }],
    ['exp -1', { exp: '-1' }],
    ['exp 0', { exp: '0' }],
    ['exp -0', { exp: '-0' }],
    ['iat 1e400', { iat: '1e400' }],
    ['nbf 1e400', { nbf: '1e400' }],
    ['iat -1e400', { iat: '-1e400' }],
  ])('refuses %s', async (_name, raw) => {
    await expectRejected(env.guard, rawTimes(raw), 'EG_TOKEN_LIFETIME_INVALID');
  });
});

describe('row 61: over-long lifetime', () => {
  it.each([
    ['30 days', 30 * 86_400],
    ['max + 1 s', MAX_LIFETIME + 1],
  ])('refuses exp - iat = %s (no xms_cc)', async (_name, lifetime) => {
    const iat = NOW - 600;
    await expectRejected(env.guard, timed({ iat, nbf: iat, exp: iat + lifetime }), 'EG_TOKEN_LIFETIME_INVALID');
  });
  it('refuses 30 days even with xms_cc cp1', async () => {
    const iat = NOW - 600;
    await expectRejected(env.guard, timed({ iat, nbf: iat, exp: iat + 30 * 86_400, xms_cc: ['cp1'] }), 'EG_TOKEN_LIFETIME_INVALID');
  });
  it.each([
    ['exactly the maximum (28 h)', MAX_LIFETIME],
    ['24 h (a CAE token)', 86_400],
  ])('accepts exp - iat = %s', async (_name, lifetime) => {
    const iat = NOW - 600;
    await expectAccepted(env.guard, timed({ iat, nbf: iat, exp: iat + lifetime, xms_cc: ['cp1'] }));
  });
  it('refuses exp before iat', async () => {
    await expectRejected(env.guard, timed({ iat: NOW - 60, nbf: NOW - 60, exp: NOW - 120 }), 'EG_TOKEN_LIFETIME_INVALID');
  });
});

describe('row 62: fractional exp', () => {
  it('accepts exp = now + 3600.5 (NumericDate may be non-integer)', async () => {
    const p = await expectAccepted(env.guard, timed({ exp: NOW + 3600.5 }));
    expect(p.expiresAt).toBe(NOW + 3600.5);
  });
  it('accepts fractional iat and nbf', async () => {
    await expectAccepted(env.guard, timed({ iat: NOW - 299.25, nbf: NOW - 299.25 }));
  });
});

describe('row 63: nbf in the future', () => {
  it('refuses nbf = now + S + 1', async () => {
    await expectRejected(env.guard, timed({ nbf: NOW + S + 1 }), 'EG_TOKEN_NOT_YET_VALID');
  });
  it('accepts nbf = now + S - 1', async () => {
    await expectAccepted(env.guard, timed({ nbf: NOW + S - 1 }));
  });
  it.each([
    ['"x"', 'x'],
    ['null', null],
    ['true', true],
    ['[NOW]', [NOW]],
    ['a numeric string', String(NOW - 300)],
    ['-1', -1],
  ])('refuses nbf %s', async (_name, nbf) => {
    await expectRejected(env.guard, timed({ nbf }), 'EG_TOKEN_LIFETIME_INVALID');
  });
});

describe('row 64: iat in the future', () => {
  it('refuses iat = now + S + 60 with valid nbf and exp', async () => {
    await expectRejected(env.guard, timed({ iat: NOW + S + 60, nbf: NOW - 300, exp: NOW + 3600 }), 'EG_TOKEN_NOT_YET_VALID');
  });
  it('refuses iat = now + S + 1 and accepts iat = now + S - 1', async () => {
    await expectRejected(env.guard, timed({ iat: NOW + S + 1, nbf: undefined }), 'EG_TOKEN_NOT_YET_VALID');
    await expectAccepted(env.guard, timed({ iat: NOW + S - 1, nbf: undefined }));
  });
});

describe('row 65: missing iat / missing nbf', () => {
  it('refuses re-signed G2 without iat', async () => {
    await expectRejected(env.guard, timed({ iat: undefined }), 'EG_TOKEN_LIFETIME_INVALID');
  });
  it.each([
    ['"x"', 'x'],
    ['null', null],
    ['a numeric string', String(NOW - 300)],
    ['0', 0],
  ])('refuses iat %s', async (_name, iat) => {
    await expectRejected(env.guard, timed({ iat }), 'EG_TOKEN_LIFETIME_INVALID');
  });
  it('accepts re-signed G2 without nbf', async () => {
    await expectAccepted(env.guard, timed({ nbf: undefined }));
  });
  it('accepts G1 and GA without nbf', async () => {
    await expectAccepted(env.guard, env.g1({ claims: { nbf: undefined } }));
    await expectAccepted(env.guard, env.ga({ claims: { nbf: undefined } }));
  });
});

describe('row 66: validated-token cache outliving exp', () => {
  it('refuses a token accepted (and cached) earlier once now passes exp + S', async () => {
    let clock = NOW_MS;
    const guard = await env.makeGuard({ now: () => clock });
    const token = env.g2();
    const exp = NOW + 3600;
    await expectAccepted(guard, token);
    clock = (exp + S - 1) * 1000;
    await expectAccepted(guard, token);
    clock = (exp + S + 1) * 1000;
    await expectRejected(guard, token, 'EG_TOKEN_EXPIRED');
  });
});
