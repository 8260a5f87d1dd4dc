import { describe, expect, it } from 'vitest';
import { AADSTS, isAadstsName } from './aadsts.js';
import { entraTimestamp, EntraError, errorBody } from './entra-error.js';

describe('the AADSTS table', () => {
  it('has an OAuth error, an HTTP status and a message on every row', () => {
    for (const [name, entry] of Object.entries(AADSTS)) {
      expect(entry.code, name).toBeGreaterThan(0);
      expect(entry.error, name).toMatch(/^[a-z_]+$/);
      expect([400, 401, 429, 500, 503], name).toContain(entry.status);
      expect(entry.message.length, name).toBeGreaterThan(10);
      if (entry.error === 'invalid_client') expect(entry.status, name).toBe(401);
    }
  });

  it('recognises row names', () => {
    expect(isAadstsName('invalidClientSecret')).toBe(true);
    expect(isAadstsName('toString')).toBe(false);
  });
});

describe('errorBody', () => {
  it("builds Entra's JSON: description with trace lines, codes, ids, error_uri", () => {
    const error = new EntraError('invalidClientSecret', { appId: 'app-1' });
    const body = errorBody(error, { nowMs: Date.UTC(2016, 0, 9, 2, 2, 12), origin: 'https://localhost:8443', correlationId: 'corr' });
    expect(Object.keys(body)).toEqual(['error', 'error_description', 'error_codes', 'timestamp', 'trace_id', 'correlation_id', 'error_uri']);
    expect(body.error).toBe('invalid_client');
    expect(body.error_codes).toEqual([7000215]);
    expect(body.timestamp).toBe('2016-01-09 02:02:12Z');
    expect(body.correlation_id).toBe('corr');
    expect(body.error_uri).toBe('https://localhost:8443/error?code=7000215');
    expect(body.error_description).toBe(
      `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'app-1'.\r\nTrace ID: ${body.trace_id}\r\nCorrelation ID: corr\r\nTimestamp: 2016-01-09 02:02:12Z`,
    );
  });

  it('adds suberror and claims when the row or the caller has them', () => {
    const consent = errorBody(new EntraError('consentRequired', { appId: 'a', name: 'n' }), { nowMs: 0, origin: 'https://x' });
    expect(consent.suberror).toBe('consent_required');
    const mfa = errorBody(new EntraError('mfaRequired', { resource: 'r' }, { claims: '{"access_token":{}}' }), { nowMs: 0, origin: 'https://x' });
    expect(mfa.claims).toBe('{"access_token":{}}');
    expect(mfa).not.toHaveProperty('suberror');
  });

  it('leaves unknown placeholders visible instead of dropping them', () => {
    expect(new EntraError('appNotFound', { appId: 'x' }).message).toContain("directory '{tenant}'");
    expect(entraTimestamp(0)).toBe('1970-01-01 00:00:00Z');
  });
});
