import { describe, expect, it } from 'vitest';
import { authorizationValues, hasParsedCarrier, hasQueryCarrier, isTokenParameter, presentsAuthorization } from './credentials.js';

describe('authorizationValues', () => {
  it('returns every Authorization value from rawHeaders, whatever the name case', () => {
    const raw = { headers: { authorization: 'Bearer a' }, rawHeaders: ['Host', 'x', 'Authorization', 'Bearer a', 'AUTHORIZATION', 'Bearer b', 'authorization', ''] };
    expect(authorizationValues(raw)).toEqual(['Bearer a', 'Bearer b', '']);
  });
  it('returns nothing when there is no Authorization header', () => {
    expect(authorizationValues({ headers: {}, rawHeaders: ['Host', 'x', 'X-Authorization', 'Bearer a'] })).toEqual([]);
  });
  it('ignores a dangling name in a malformed raw list', () => {
    expect(authorizationValues({ headers: {}, rawHeaders: ['Authorization'] })).toEqual([]);
  });
  it('falls back to the parsed header without rawHeaders', () => {
    expect(authorizationValues({ headers: { authorization: 'Bearer a' } })).toEqual(['Bearer a']);
    expect(authorizationValues({ headers: {} })).toEqual([]);
  });
});

describe('hasQueryCarrier', () => {
  it.each([
    '/r?access_token=x',
    '/r?access_token=',
    '/r?access_token',
    '/r?a=1&access_token=x',
    '/r?access_token=a&access_token=b',
    '/r?access_token[]=x',
    '/r?access_token[x]=y',
    '/r?access%5Ftoken=x',
    '/r?access_token%5B%5D=x',
    '/r?%61ccess_token=x',
    '/r?access_token.x=y',
    '/r?access_token[%ZZ]=x',
  ])('%s → true', (url) => {
    expect(hasQueryCarrier(url)).toBe(true);
  });
  it.each([undefined, '/r', '/r?', '/r?token=x', '/r?x=access_token', '/r?access_tokens=x', '/r?ACCESS_TOKEN=x', '/access_token', '/r?%E0%A4%A=x', '/r?access_token%ZZ=x', '/r?access_tokenx=1'])('%s → false', (url) => {
    expect(hasQueryCarrier(url)).toBe(false);
  });
});

describe('isTokenParameter', () => {
  it('accepts access_token and the qs spellings of it, nothing else', () => {
    for (const name of ['access_token', 'access_token[]', 'access_token[x]', 'access_token.x']) expect(isTokenParameter(name)).toBe(true);
    for (const name of ['access_tokens', 'Access_token', 'xaccess_token', 'access-token', '']) expect(isTokenParameter(name)).toBe(false);
  });
});

describe('hasParsedCarrier', () => {
  it('is true for an access_token member of any value, in any spelling', () => {
    for (const value of ['x', '', null, 1, ['x'], { x: 1 }]) expect(hasParsedCarrier({ access_token: value })).toBe(true);
    expect(hasParsedCarrier({ 'access_token[]': 'x' })).toBe(true);
    expect(hasParsedCarrier(Object.assign(Object.create(null) as object, { access_token: 'x' }))).toBe(true);
  });
  it('is false for everything else', () => {
    for (const body of [undefined, null, 'access_token=x', Buffer.from('access_token=x'), [{ access_token: 'x' }], {}, { token: 'x' }, Object.create({ access_token: 'x' }) as object]) {
      expect(hasParsedCarrier(body)).toBe(false);
    }
  });
});

describe('presentsAuthorization', () => {
  it('needs one non-blank value', () => {
    expect(presentsAuthorization([])).toBe(false);
    expect(presentsAuthorization(['', ' '])).toBe(false);
    expect(presentsAuthorization(['', 'Basic x'])).toBe(true);
  });
});
