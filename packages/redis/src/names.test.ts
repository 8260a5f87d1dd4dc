import { describe, expect, it } from 'vitest';
import { clientName, escapeGlob, formatChange, kindOf, parseChange, subjectOf, tokenName, userName } from './names.js';

describe('entry names', () => {
  it('names each kind and finds the kind and subject back', () => {
    expect(userName('t', 'o')).toBe('user:t:o');
    expect(tokenName('u')).toBe('uti:u');
    expect(clientName('c')).toBe('client:c');
    expect([userName('t', 'o'), tokenName('u'), clientName('c'), 'other:x'].map(kindOf)).toEqual(['user', 'uti', 'client', undefined]);
    expect(subjectOf(userName('t', 'o'))).toBe('t:o');
  });
  it('escapes glob characters of a prefix for SCAN MATCH', () => {
    expect(escapeGlob('a*b?c[d]e\\f')).toBe('a\\*b\\?c\\[d\\]e\\\\f');
  });
});

describe('change messages', () => {
  it('round-trips, with anything in the name', () => {
    const m = { op: 'set', ttlMs: 1500, value: 1_800_000_000.25, nonce: 'abc.1', name: 'client:has spaces: and colons' } as const;
    expect(parseChange(formatChange(m))).toEqual(m);
    const d = { op: 'del', ttlMs: -1, value: 0, nonce: 'abc.2', name: 'client:x' } as const;
    expect(parseChange(formatChange(d))).toEqual(d);
  });
  it('refuses anything else', () => {
    for (const text of ['', 'set', 'set 1 2 n', 'put 1 2 n client:x', 'set 0 2 n client:x', 'set 1.5 2 n client:x', 'set 1 NaN n client:x', 'set 1 2 n other:x', 'set -2 2 n uti:x']) {
      expect(parseChange(text), text).toBeUndefined();
    }
  });
});
