import { CHECK_DESCRIPTIONS, CHECKS, type Explanation } from '@entra-guard/core';
import { describe, expect, it } from 'vitest';
import { formatExplanation } from './format-explanation.js';

const failedAt = (failing: number, code: string): Explanation => ({
  valid: false,
  checks: CHECKS.map((name, i) => ({
    name,
    description: CHECK_DESCRIPTIONS[name],
    outcome: i < failing ? 'pass' : i === failing ? 'fail' : 'not-run',
    ...(i === failing && { reason: 'because' }),
  })),
  error: { code, status: 401, reason: 'because', check: CHECKS[failing] },
});

describe('formatExplanation', () => {
  it('neutralises terminal control characters in unverified claims and hints', () => {
    const aud = 'evil\u001b[2J\u0007aud';
    const text = formatExplanation(failedAt(8, 'EG_AUDIENCE_INVALID'), {
      token: { header: { alg: 'RS256', kid: 'k' }, claims: { aud, name: 'Someone', upn: 'someone@example.com' } },
      authorityHost: 'https://login.microsoftonline.com',
      offline: true,
      clockMs: 0,
      clockFromFlag: true,
    });
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(text).toContain('evil?[2J?aud');
    expect(text).not.toContain('Someone');
    expect(text).not.toContain('example.com');
    expect(text).toContain('checked at 1970-01-01T00:00:00Z (--at)');
  });

  it('says when the token cannot be decoded', () => {
    const text = formatExplanation(failedAt(0, 'EG_TOKEN_MALFORMED'), {
      token: { header: undefined, claims: undefined },
      authorityHost: 'https://login.microsoftonline.com',
      offline: false,
      clockMs: Date.UTC(2024, 0, 1),
      clockFromFlag: false,
    });
    expect(text).toContain('(the header could not be decoded)');
    expect(text).toMatch(/hint: pass the compact token only/);
    expect(text.trimEnd().split('\n').at(-1)).toBe('invalid: EG_TOKEN_MALFORMED');
  });
});
