import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '@entra-guard/test-support';
import { importSigningKey } from './jwk-import.js';
import { KeySet } from './key-set.js';

const realKeys = (file: string): Record<string, unknown>[] =>
  (JSON.parse(readFileSync(join(fixturesDir(), 'metadata', file), 'utf8')) as { document: { keys: Record<string, unknown>[] } }).document.keys;

function rsaJwk(bits = 2048, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return { ...publicKey.export({ format: 'jwk' }), kid: `k${bits}`, ...extra };
}

describe('importSigningKey', () => {
  it('imports every key of a real Entra v2 key set, keeping its issuer', () => {
    const keys = realKeys('v2-common-keys.2024-10-26.json');
    for (const jwk of keys) {
      const key = importSigningKey(jwk);
      expect(typeof key).not.toBe('string');
      if (typeof key !== 'string') {
        expect(key.modulusBytes).toBe(256);
        expect(key.issuer).toBe(jwk.issuer);
        expect(key.x5t).toBe(jwk.x5t);
      }
    }
  });
  it.each([
    ['kty EC', { kty: 'EC' }],
    ['kty oct', { kty: 'oct', k: 'c2VjcmV0' }],
    ['use enc', { use: 'enc' }],
    ['key_ops encrypt', { key_ops: ['encrypt'] }],
    ['key_ops empty', { key_ops: [] }],
    ['alg RS512', { alg: 'RS512' }],
    ['exponent 3', { e: 'Aw' }],
    ['no kid', { kid: undefined }],
    ['object kid', { kid: { a: 1 } }],
    ['numeric issuer', { issuer: 1 }],
    ['non-canonical n', { n: 'AAAA' }],
  ])('skips a key with %s', (_n, patch) => {
    expect(typeof importSigningKey({ ...rsaJwk(), ...patch })).toBe('string');
  });
  it('refuses short and oversized moduli', () => {
    expect(importSigningKey(rsaJwk(1024))).toBe('modulus is 1024 bits');
    const huge = { ...rsaJwk(), n: Buffer.alloc(2048, 0xff).toString('base64url') };
    expect(importSigningKey(huge)).toBe('modulus is 16384 bits');
  });
});

describe('KeySet', () => {
  const [a, b] = [rsaJwk(2048, { kid: 'a', x5t: 'ta' }), rsaJwk(2048, { kid: 'b' })];
  it('merges instead of replacing, and expires keys not seen for maxStaleMs', () => {
    const set = new KeySet(1000);
    expect(set.merge([a], 0).added).toEqual(['a']);
    expect(set.merge([b], 500).added).toEqual(['b']);
    expect(set.kids().sort()).toEqual(['a', 'b']);
    expect(set.find({ kid: 'a', x5t: undefined }, 1000)).toBeDefined();
    expect(set.find({ kid: 'a', x5t: undefined }, 1001)).toBeUndefined();
    expect(set.expire(1001)).toEqual(['a']);
    expect(set.kids()).toEqual(['b']);
  });
  it('finds a key by x5t when the token has no kid', () => {
    const set = new KeySet(1000);
    set.merge([a, b], 0);
    expect(set.find({ kid: undefined, x5t: 'ta' }, 0)?.kid).toBe('a');
    expect(set.find({ kid: undefined, x5t: 'b' }, 0)?.kid).toBe('b');
    expect(set.find({ kid: undefined, x5t: 'zz' }, 0)).toBeUndefined();
  });
  it('counts skipped keys and replaces a kid whose key changed', () => {
    const set = new KeySet(1000);
    expect(set.merge([a, { kty: 'oct', kid: 'x' }, null], 0)).toMatchObject({ accepted: 1, skipped: 2 });
    const other = { ...rsaJwk(), kid: 'a' };
    set.merge([other], 10);
    expect(set.find({ kid: 'a', x5t: undefined }, 10)?.key.export({ format: 'jwk' }).n).toBe(other.n);
  });
});
