import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url } from './base64url.js';

describe('decodeBase64Url', () => {
  it('decodes canonical base64url', () => {
    expect(decodeBase64Url('eyJhIjoxfQ')?.toString()).toBe('{"a":1}');
  });
  it.each([
    ['padding', 'eyJhIjoxfQ=='],
    ['standard alphabet +', 'ab+c'],
    ['standard alphabet /', 'ab/c'],
    ['whitespace', 'eyJh IjoxfQ'],
    ['newline', 'eyJh\nIjoxfQ'],
    ['junk suffix', 'eyJhIjoxfQ!!!!'],
    ['impossible length', 'abcde'],
    ['empty', ''],
    ['non-zero trailing bits', 'eyJhIjoxfR'],
  ])('refuses %s', (_name, input) => {
    expect(decodeBase64Url(input)).toBeUndefined();
  });
  it('accepts exactly the strings that re-encode to themselves (the definition of canonical)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const segment = fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(segment, (s) => {
        const canonical = s.length % 4 !== 1 && Buffer.from(s, 'base64url').toString('base64url') === s;
        expect(decodeBase64Url(s) !== undefined).toBe(canonical);
        if (canonical) expect(decodeBase64Url(s)).toEqual(Buffer.from(s, 'base64url'));
      }),
      { numRuns: 5000 },
    );
  });
  it('refuses every non-canonical last character and accepts every canonical one', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const prefix of ['A', 'AB']) {
      for (const last of alphabet) {
        const s = prefix + last;
        expect(decodeBase64Url(s) !== undefined, s).toBe(Buffer.from(s, 'base64url').toString('base64url') === s);
      }
    }
  });
});
