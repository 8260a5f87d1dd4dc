import { describe, expect, it } from 'vitest';
import { checkHeader } from './header.js';
import { codeOf, testOptions } from './options.test-helper.js';

const o = testOptions();
const h = (extra: Record<string, unknown>) => ({ typ: 'JWT', alg: 'RS256', kid: 'k1', ...extra });

describe('checkHeader', () => {
  it('returns the key selector of an Entra header', () => {
    expect(checkHeader(h({}), o)).toEqual({ kid: 'k1', x5t: undefined });
    expect(checkHeader({ typ: 'JWT', alg: 'RS256', x5t: 'k1' }, o)).toEqual({ kid: undefined, x5t: 'k1' });
    expect(checkHeader(h({ x5t: 'k1' }), o)).toEqual({ kid: 'k1', x5t: 'k1' });
  });
  it.each(['none', 'None', 'NONE', 'HS256', 'RS384', 'RS512', 'PS256', 'ES256', 'rs256', 'RS256 ', '', null, ['RS256'], undefined])(
    'refuses alg %j',
    (alg) => {
      expect(codeOf(() => checkHeader(h({ alg }), o))).toBe('EG_TOKEN_ALG_REFUSED');
    },
  );
  it.each(['crit', 'b64', 'jku', 'x5u', 'jwk', 'x5c', 'zip', 'enc', 'cty', 'p2c', 'x-unknown'])('refuses header member %s', (name) => {
    expect(codeOf(() => checkHeader(h({ [name]: name === 'crit' ? ['exp'] : 'x' }), o))).toBe('EG_TOKEN_HEADER_REFUSED');
  });
  it('refuses a Graph nonce header with a reason of its own', () => {
    expect(codeOf(() => checkHeader(h({ nonce: 'abc' }), o))).toBe('EG_TOKEN_FOR_OTHER_RESOURCE');
  });
  it.each([
    ['JWT', 'ok'],
    ['jwt', 'ok'],
    ['application/jwt', 'ok'],
    [undefined, 'ok'],
    ['at+jwt', 'EG_TOKEN_HEADER_REFUSED'],
    ['dpop+jwt', 'EG_TOKEN_HEADER_REFUSED'],
    ['logout+jwt', 'EG_TOKEN_HEADER_REFUSED'],
    ['JOSE+JSON', 'EG_TOKEN_HEADER_REFUSED'],
    [1, 'EG_TOKEN_HEADER_REFUSED'],
  ])('typ %j → %s', (typ, expected) => {
    expect(codeOf(() => checkHeader(h({ typ }), o))).toBe(expected);
  });
  it('accepts at+jwt only when configured', () => {
    expect(codeOf(() => checkHeader(h({ typ: 'at+jwt' }), testOptions({ acceptAtJwtType: true })))).toBe('ok');
  });
  it.each([
    ['object kid', { kid: { $ne: null } }],
    ['number kid', { kid: 1 }],
    ['array kid', { kid: ['k1'] }],
    ['null kid', { kid: null }],
    ['CRLF kid', { kid: 'x\r\nSet-Cookie: a=b' }],
    ['long kid', { kid: 'k'.repeat(10_240) }],
    ['kid and x5t differ', { kid: 'k1', x5t: 'k2' }],
    ['no key named', { kid: undefined }],
  ])('refuses %s', (_name, extra) => {
    const header = h(extra);
    if ('kid' in extra && extra.kid === undefined) delete (header as Record<string, unknown>).kid;
    expect(codeOf(() => checkHeader(header, o))).toBe('EG_TOKEN_HEADER_REFUSED');
  });
});
