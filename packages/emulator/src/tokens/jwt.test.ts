import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { b64uJson, decodeJwt, graphNonceHash, orderClaims, signGraphStyle, signJwt, verifySignature } from './jwt.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('jwt helpers', () => {
  it('orders claims as Entra does and drops undefined members', () => {
    expect(Object.keys(orderClaims({ z: 1, exp: 3, ver: '2.0', aud: 'a', a: undefined, nbf: 2, iss: 'i', iat: 1, b: 0 }))).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp', 'b', 'ver', 'z']);
  });

  it('signs RS256 and verifies RS256 and PS256', () => {
    const token = signJwt({ typ: 'JWT' }, { a: 1 }, { alg: 'RS256', key: privateKey });
    const decoded = decodeJwt(token);
    expect(decoded?.header).toEqual({ typ: 'JWT', alg: 'RS256' });
    expect(decoded !== undefined && verifySignature(decoded, publicKey)).toBe(true);
    const input = `${b64uJson({ alg: 'PS256' })}.${b64uJson({ b: 2 })}`;
    const pss = sign('sha256', Buffer.from(input), { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }).toString('base64url');
    const ps = decodeJwt(`${input}.${pss}`);
    expect(ps !== undefined && verifySignature(ps, publicKey)).toBe(true);
  });

  it('signs Graph-style: the plain header does not verify, the hashed-nonce header does', () => {
    const token = signGraphStyle({ typ: 'JWT', nonce: 'abc', alg: 'RS256' }, { aud: 'graph' }, privateKey);
    const decoded = decodeJwt(token);
    if (decoded === undefined) throw new Error('undecodable');
    expect(verifySignature(decoded, publicKey)).toBe(false);
    const payload = token.split('.')[1] ?? '';
    const rehashed = { ...decoded, signingInput: `${b64uJson({ ...decoded.header, nonce: graphNonceHash('abc') })}.${payload}` };
    expect(verifySignature(rehashed, publicKey)).toBe(true);
  });

  it('refuses malformed compact tokens', () => {
    expect(decodeJwt('a.b')).toBeUndefined();
    expect(decodeJwt('a.b.c')).toBeUndefined();
    expect(decodeJwt(`${b64uJson([1])}.${b64uJson({})}.`)).toBeUndefined();
  });
});
