import { describe, expect, it } from 'vitest';
import { checkAudience } from './audience.js';
import { C, codeOf, testOptions } from './options.test-helper.js';

const o = testOptions();

describe('checkAudience', () => {
  it('accepts the default audiences exactly', () => {
    expect(checkAudience({ aud: C }, o)).toBe(C);
    expect(checkAudience({ aud: `api://${C}` }, o)).toBe(`api://${C}`);
  });
  it.each([
    C.toUpperCase(),
    `api://${C}/`,
    `api://${C}/extra`,
    `spn:${C}`,
    `${C} `,
    `{${C}}`,
    'aaaaaaaa-0000-4000-8000-000000000099',
  ])('refuses the lookalike %j', (aud) => {
    expect(codeOf(() => checkAudience({ aud }, o))).toBe('EG_AUDIENCE_INVALID');
  });
  it.each([[['api://other', C]], [[]], [null], [123], [undefined]])('refuses a non-string aud %j', (aud) => {
    expect(codeOf(() => checkAudience({ aud }, o))).toBe('EG_AUDIENCE_INVALID');
  });
  it('names Microsoft Graph tokens as tokens for another resource', () => {
    expect(codeOf(() => checkAudience({ aud: '00000003-0000-0000-c000-000000000000' }, o))).toBe('EG_TOKEN_FOR_OTHER_RESOURCE');
    expect(codeOf(() => checkAudience({ aud: 'https://management.azure.com/' }, o))).toBe('EG_AUDIENCE_INVALID');
  });
});
