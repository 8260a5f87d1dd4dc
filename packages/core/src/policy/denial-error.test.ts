import { describe, expect, it } from 'vitest';
import { toHttpResponse } from '../errors/to-http.js';
import { requireAuthContext, requireGroups, requireScopes, requireTenant } from './builders.js';
import { denialError } from './denial-error.js';
import { evaluatePolicy } from './evaluate.js';
import { noPermissionsError } from './grants.js';
import type { Policy } from './policy.js';
import { app, OTHER_TENANT, user, type Principal } from './principal.test-helper.js';

const HOST = 'https://login.microsoftonline.com';
function errorFor(policy: Policy, principal: Principal, ctx = {}) {
  const d = evaluatePolicy(policy, principal, ctx);
  if (d.allowed) throw new Error('expected a denial');
  return denialError(d.denial, principal, HOST);
}

describe('denialError', () => {
  it('answers missing permissions with 403 insufficient_scope naming them', () => {
    const r = toHttpResponse(errorFor(requireScopes(['Orders.Write']), user()));
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('EG_INSUFFICIENT_PERMISSIONS');
    expect(r.headers['www-authenticate']).toContain('scope="Orders.Write"');
  });
  it('sends a claims challenge for step-up only to clients that handle it', () => {
    const capable = toHttpResponse(errorFor(requireAuthContext('c1'), user({ xmsCc: ['cp1'] })));
    expect(capable.status).toBe(401);
    const claims = Buffer.from('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}').toString('base64');
    expect(capable.headers['www-authenticate']).toBe(
      `Bearer realm="", authorization_uri="${HOST}/common/oauth2/authorize", error="insufficient_claims", claims="${claims}"`,
    );
    const legacy = toHttpResponse(errorFor(requireAuthContext('c1'), user()));
    expect(legacy.status).toBe(403);
    expect(legacy.body.code).toBe('EG_STEP_UP_REQUIRED');
  });
  it('has distinct codes for a groups overage and a tenant mismatch', () => {
    expect(errorFor(requireGroups('g'), user({ overage: true })).code).toBe('EG_GROUPS_OVERAGE');
    expect(errorFor(requireGroups('g'), user()).code).toBe('EG_INSUFFICIENT_PERMISSIONS');
    expect(errorFor(requireTenant('t'), user(), { params: { t: OTHER_TENANT } }).code).toBe('EG_TENANT_MISMATCH');
  });
  it('refuses, by default, a token that grants nothing', () => {
    expect(noPermissionsError(app())?.code).toBe('EG_NO_PERMISSIONS');
    expect(noPermissionsError(app({ roles: ['x'] }))).toBeUndefined();
    expect(noPermissionsError(user())).toBeUndefined();
  });
});
