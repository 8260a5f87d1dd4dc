import { describe, expect, it } from 'vitest';
import { parseStrictJsonObject } from './strict-json.js';

const bytes = (s: string | Buffer): Uint8Array => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s);

describe('parseStrictJsonObject', () => {
  it('parses an object without a prototype', () => {
    const r = parseStrictJsonObject(bytes('{"a":1,"b":{"c":[1,{"d":2}]}}'));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(Object.getPrototypeOf(r.value)).toBeNull();
      expect(r.value.toString).toBeUndefined();
    }
  });
  it.each([
    ['duplicate member', '{"alg":"none","alg":"RS256"}', 'duplicate'],
    ['case-variant member', '{"tid":"a","TID":"b"}', 'duplicate'],
    ['escaped duplicate', '{"tid":"a","t\\u0069d":"b"}', 'duplicate'],
    ['nested duplicate', '{"a":{"x":1,"x":2}}', 'duplicate'],
    ['__proto__', '{"__proto__":{"roles":["Admin"]}}', 'proto'],
    ['array', '[]', 'not-object'],
    ['null', 'null', 'not-object'],
    ['string', '"RS256"', 'not-object'],
    ['leading whitespace', ' {"a":1}', 'syntax'],
    ['BOM', '\ufeff{"a":1}', 'syntax'],
    ['invalid json', '{"a":}', 'syntax'],
  ])('refuses %s', (_name, text, problem) => {
    expect(parseStrictJsonObject(bytes(text))).toEqual({ ok: false, problem });
  });
  it('does not confuse values with member names', () => {
    expect(parseStrictJsonObject(bytes('{"a":"a","b":["a","a"],"c":{"a":"b"}}')).ok).toBe(true);
  });
  it('refuses invalid UTF-8 and UTF-16', () => {
    expect(parseStrictJsonObject(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))).toEqual({ ok: false, problem: 'utf8' });
    expect(parseStrictJsonObject(Buffer.from('{"a":1}', 'utf16le')).ok).toBe(false);
  });
  it('refuses deep nesting without recursion', () => {
    const deep = '{"a":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const started = performance.now();
    expect(parseStrictJsonObject(bytes(deep))).toEqual({ ok: false, problem: 'depth' });
    expect(performance.now() - started).toBeLessThan(500);
  });
});
