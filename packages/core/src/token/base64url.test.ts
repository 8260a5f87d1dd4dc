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
});
