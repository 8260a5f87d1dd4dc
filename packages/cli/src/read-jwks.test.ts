import { describe, expect, it } from 'vitest';
import { jwksFrom } from './read-jwks.js';

const key = { kty: 'RSA', kid: 'k1', n: 'AQAB', e: 'AQAB' };

describe('jwksFrom', () => {
  it('accepts a JWKS, an object with jwks or document, and keys wrapped as { jwk }', () => {
    expect(jwksFrom({ keys: [key] })).toEqual({ keys: [key] });
    expect(jwksFrom({ token: 'x', jwks: { keys: [key] } })).toEqual({ keys: [key] });
    expect(jwksFrom({ source: 's', document: { keys: [key] } })).toEqual({ keys: [key] });
    expect(jwksFrom({ keys: [{ kid: 'k1', jwk: key }] })).toEqual({ keys: [key] });
  });

  it('finds nothing in other JSON', () => {
    for (const value of [null, [], 'keys', { keys: {} }, { jwks: [] }, { name: 'x' }]) expect(jwksFrom(value)).toBeUndefined();
  });
});
