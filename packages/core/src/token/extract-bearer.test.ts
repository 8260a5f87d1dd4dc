import { describe, expect, it } from 'vitest';
import { extractBearerToken } from './extract-bearer.js';

const T = 'aaa.bbb.ccc';

function codeOf(value: Parameters<typeof extractBearerToken>[0]): string {
  try {
    extractBearerToken(value);
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
}

describe('extractBearerToken', () => {
  it.each([`Bearer ${T}`, `bearer ${T}`, `BEARER ${T}`, `BeArEr ${T}`, `Bearer  ${T}`, ` Bearer ${T} `])('accepts %j', (h) => {
    expect(extractBearerToken(h)).toBe(T);
  });
  it.each([
    [undefined, 'EG_REQUEST_MISSING_TOKEN'],
    ['', 'EG_REQUEST_MISSING_TOKEN'],
    ['Bearer', 'EG_REQUEST_MISSING_TOKEN'],
    ['Bearer ', 'EG_REQUEST_MISSING_TOKEN'],
    [`Basic ${T}`, 'EG_REQUEST_MISSING_TOKEN'],
    [`Token ${T}`, 'EG_REQUEST_MISSING_TOKEN'],
    [T, 'EG_REQUEST_MISSING_TOKEN'],
    [`Bearer\t${T}`, 'EG_REQUEST_MALFORMED_AUTHORIZATION'],
    [`Bearer "${T}"`, 'EG_REQUEST_MALFORMED_AUTHORIZATION'],
    [`Bearer ${T},`, 'EG_REQUEST_MALFORMED_AUTHORIZATION'],
    [`Bearer ${T} ${T}`, 'EG_REQUEST_MALFORMED_AUTHORIZATION'],
    [`Bearer Bearer ${T}`, 'EG_REQUEST_MALFORMED_AUTHORIZATION'],
    [`Bearer ${T};x=1`, 'EG_REQUEST_MALFORMED_AUTHORIZATION'],
    [[`Bearer ${T}`, `Bearer ${T}`], 'EG_REQUEST_DUPLICATE_CREDENTIALS'],
  ] as const)('refuses %j with %s', (h, code) => {
    expect(codeOf(h)).toBe(code);
  });
});
