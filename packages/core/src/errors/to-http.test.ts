import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from './codes.js';
import { ForbiddenError, InsufficientClaimsError, KeysUnavailableError, tokenError } from './errors.js';
import { toHttpResponse } from './to-http.js';

describe('toHttpResponse', () => {
  it('answers a missing token with a challenge without error code', () => {
    const r = toHttpResponse(tokenError('EG_REQUEST_MISSING_TOKEN', 'x'));
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe('Bearer realm="api"');
  });
  it('answers a bad token with invalid_token and fixed text only', () => {
    const r = toHttpResponse(tokenError('EG_AUDIENCE_INVALID', 'aud api://secret-expected-value'), { realm: 'orders' });
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe(
      'Bearer realm="orders", error="invalid_token", error_description="The access token audience is not accepted."',
    );
    expect(JSON.stringify(r)).not.toContain('secret-expected-value');
    expect(r.body).toEqual({
      type: 'urn:entra-guard:error:EG_AUDIENCE_INVALID',
      title: 'Unauthorized',
      status: 401,
      detail: 'The access token audience is not accepted.',
      code: 'EG_AUDIENCE_INVALID',
    });
    expect(r.headers['content-type']).toBe('application/problem+json');
  });
  it('answers a permission failure with 403 insufficient_scope and the scopes', () => {
    const r = toHttpResponse(new ForbiddenError('EG_INSUFFICIENT_PERMISSIONS', 'x', { requiredScopes: ['Orders.Read', 'Orders.Read.All'] }));
    expect(r.status).toBe(403);
    expect(r.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(r.headers['www-authenticate']).toContain('scope="Orders.Read Orders.Read.All"');
  });
  it("formats a claims challenge in Microsoft's format", () => {
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    const r = toHttpResponse(new InsufficientClaimsError('EG_INSUFFICIENT_CLAIMS', 'x', { claims }), {
      authorizationUri: 'https://login.microsoftonline.com/common/oauth2/authorize',
    });
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe(
      `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${Buffer.from(claims).toString('base64')}"`,
    );
  });
  it('answers unavailable keys with 503 and Retry-After, never a 401', () => {
    const r = toHttpResponse(new KeysUnavailableError('down', { retryAfterSeconds: 7 }));
    expect(r.status).toBe(503);
    expect(r.headers['retry-after']).toBe('7');
    expect(r.headers['www-authenticate']).toBeUndefined();
  });
  it('maps unknown errors to a generic 500', () => {
    const r = toHttpResponse(new Error('database password is hunter2'));
    expect(r.status).toBe(500);
    expect(JSON.stringify(r)).not.toContain('hunter2');
  });
  it('adds resource_metadata to 401 challenges when configured', () => {
    const r = toHttpResponse(tokenError('EG_TOKEN_EXPIRED', 'x'), { resourceMetadataUrl: 'https://api.example/.well-known/oauth-protected-resource' });
    expect(r.headers['www-authenticate']).toContain('resource_metadata="https://api.example/.well-known/oauth-protected-resource"');
  });
  it('maps every code to its documented status', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const err = code === 'EG_INSUFFICIENT_CLAIMS' ? new InsufficientClaimsError(code, 'd', { claims: '{}' }) : tokenError(code, 'detail');
      expect(toHttpResponse(err).status).toBe(ERROR_CODES[code].status);
    }
  });
});
