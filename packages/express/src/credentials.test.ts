import { describe, expect, it } from 'vitest';
import type { Request } from 'express';
import { authorizationValues, bodyCarriesToken, hasSecondCarrier, isAccessTokenName, queryCarriesToken } from './credentials.js';

const request = (over: Partial<Record<'rawHeaders' | 'headers' | 'originalUrl' | 'url' | 'query' | 'body', unknown>>): Request =>
  ({ rawHeaders: [], headers: {}, originalUrl: '/', url: '/', query: {}, ...over }) as unknown as Request;

describe('isAccessTokenName', () => {
  it('matches access_token and what qs turns into it', () => {
    for (const name of ['access_token', 'access_token[]', 'access_token[x]', 'access_token.x']) expect(isAccessTokenName(name), name).toBe(true);
    for (const name of ['access_tokens', 'Access_Token', 'xaccess_token', 'access-token', '']) expect(isAccessTokenName(name), name).toBe(false);
  });
});

describe('queryCarriesToken', () => {
  it('reads the raw query whatever the parser would make of it', () => {
    expect(queryCarriesToken('/r?access_token=x')).toBe(true);
    expect(queryCarriesToken('/r?a=1&access_token')).toBe(true);
    expect(queryCarriesToken('/r?%61ccess_token=x')).toBe(true);
    expect(queryCarriesToken('/r?access_token%5Bx%5D=1')).toBe(true);
    expect(queryCarriesToken('/r?%E0%A4%A=1&access_token=x')).toBe(true);
    expect(queryCarriesToken('/r?a=access_token')).toBe(false);
    expect(queryCarriesToken('/r')).toBe(false);
    expect(queryCarriesToken('/r?')).toBe(false);
  });
});

describe('bodyCarriesToken', () => {
  it('looks at members of parsed objects only', () => {
    expect(bodyCarriesToken({ access_token: 'x' })).toBe(true);
    expect(bodyCarriesToken(Object.assign(Object.create(null) as object, { 'access_token[]': 'x' }))).toBe(true);
    expect(bodyCarriesToken({ token: 'x' })).toBe(false);
    expect(bodyCarriesToken('access_token=x')).toBe(false);
    expect(bodyCarriesToken(Buffer.from('access_token=x'))).toBe(false);
    expect(bodyCarriesToken(undefined)).toBe(false);
    expect(bodyCarriesToken(null)).toBe(false);
  });
});

describe('authorizationValues', () => {
  it('returns every Authorization value from rawHeaders, any case', () => {
    const req = request({ rawHeaders: ['Host', 'h', 'Authorization', 'Bearer a', 'x-other', 'v', 'AUTHORIZATION', 'Bearer b'] });
    expect(authorizationValues(req)).toEqual(['Bearer a', 'Bearer b']);
    expect(authorizationValues(request({ rawHeaders: ['Host', 'h'] }))).toEqual([]);
  });
  it('falls back to req.headers when rawHeaders is missing', () => {
    expect(authorizationValues(request({ rawHeaders: undefined, headers: { authorization: 'Bearer a' } }))).toEqual(['Bearer a']);
    expect(authorizationValues(request({ rawHeaders: undefined }))).toEqual([]);
  });
});

describe('hasSecondCarrier', () => {
  it('needs a non-blank header and another carrier', () => {
    expect(hasSecondCarrier(request({ originalUrl: '/?access_token=x' }), ['Bearer a'])).toBe(true);
    expect(hasSecondCarrier(request({ body: { access_token: 'x' } }), ['Bearer a'])).toBe(true);
    expect(hasSecondCarrier(request({ query: { access_token: ['x'] } }), ['Bearer a'])).toBe(true);
    expect(hasSecondCarrier(request({ originalUrl: '/?access_token=x' }), [])).toBe(false);
    expect(hasSecondCarrier(request({ originalUrl: '/?access_token=x' }), ['  '])).toBe(false);
    expect(hasSecondCarrier(request({}), ['Bearer a'])).toBe(false);
  });
  it('survives a query parser that throws', () => {
    const req = request({});
    Object.defineProperty(req, 'query', {
      get() {
        throw new Error('parser failure');
      },
    });
    expect(hasSecondCarrier(req, ['Bearer a'])).toBe(false);
  });
});
