import { describe, expect, it } from 'vitest';
import { checkLifetime } from './lifetime.js';
import { codeOf, testOptions } from './options.test-helper.js';

const NOW = 1_800_000_000;
const S = 300;
const o = testOptions();
const check = (claims: Record<string, unknown>, options = o) => codeOf(() => checkLifetime(claims, NOW, options));
const good = { iat: NOW - 600, nbf: NOW - 600, exp: NOW + 3000 };

describe('checkLifetime', () => {
  it('accepts a current token and returns its times', () => {
    expect(checkLifetime(good, NOW, o)).toEqual({ issuedAt: NOW - 600, expiresAt: NOW + 3000, notBefore: NOW - 600 });
  });
  it('treats exp as exclusive, with the skew', () => {
    expect(check({ iat: NOW - 4000, exp: NOW - S + 1 })).toBe('ok');
    expect(check({ iat: NOW - 4000, exp: NOW - S - 1 })).toBe('EG_TOKEN_EXPIRED');
    expect(check({ iat: NOW - 4000, exp: NOW - S })).toBe('EG_TOKEN_EXPIRED');
    expect(check({ iat: NOW - 4000, exp: NOW }, testOptions({ clockSkewSeconds: 0 }))).toBe('EG_TOKEN_EXPIRED');
  });
  it('checks nbf with the skew', () => {
    expect(check({ ...good, iat: NOW - 10, nbf: NOW + S + 1 })).toBe('EG_TOKEN_NOT_YET_VALID');
    expect(check({ ...good, iat: NOW - 10, nbf: NOW + S - 1 })).toBe('ok');
    expect(check({ ...good, nbf: 'x' })).toBe('EG_TOKEN_LIFETIME_INVALID');
    expect(check({ iat: good.iat, exp: good.exp })).toBe('ok');
  });
  it('refuses iat in the future beyond the skew', () => {
    expect(check({ iat: NOW + S + 60, nbf: NOW - 10, exp: NOW + 7200 })).toBe('EG_TOKEN_NOT_YET_VALID');
  });
  it.each([
    ['missing exp', { iat: NOW }],
    ['missing iat', { exp: NOW + 100 }],
    ['string exp', { iat: NOW, exp: '9999999999' }],
    ['null exp', { iat: NOW, exp: null }],
    ['boolean exp', { iat: NOW, exp: true }],
    ['array exp', { iat: NOW, exp: [9_999_999_999] }],
    ['object exp', { iat: NOW, exp: { $gt: 0 } }],
    ['infinite exp', { iat: NOW, exp: Number.POSITIVE_INFINITY }],
    ['negative exp', { iat: NOW, exp: -1 }],
    ['zero exp', { iat: NOW, exp: 0 }],
    ['exp before iat', { iat: NOW, exp: NOW - 1 }],
    ['30-day lifetime', { iat: NOW - 10, exp: NOW + 30 * 86_400 }],
  ])('refuses %s', (_name, claims) => {
    expect(check(claims)).toBe('EG_TOKEN_LIFETIME_INVALID');
  });
  it('accepts a fractional exp and a 24 h CAE lifetime', () => {
    expect(check({ iat: NOW - 10, exp: NOW + 3600.5 })).toBe('ok');
    expect(check({ iat: NOW - 10, exp: NOW - 10 + 24 * 3600 })).toBe('ok');
  });
});
