import { describe, expect, it } from 'vitest';
import type { EmulatorContext } from '../context.js';
import { createUrls } from '../context.js';
import { resolveOptions } from '../options.js';
import type { EmulatorConfig } from '../tenants/config-types.js';
import { DEMO, demoConfig } from '../tenants/demo-directory.js';
import { Directory, type ServicePrincipal, type Tenant } from '../tenants/directory.js';
import { appAccessClaims, delegatedAccessClaims, tokenTimes } from './access-token.js';
import { idTokenClaims } from './id-token.js';
import { NO_REQUEST_CLAIMS } from './request-claims.js';

// Claim builders need only URLs and the directory; no keys, no server.
function context(config: EmulatorConfig = demoConfig()): EmulatorContext {
  return { urls: createUrls(resolveOptions({ publicHost: 'localhost' }, '.'), 8443), directory: new Directory(config) } as EmulatorContext;
}

function parts(ctx: EmulatorContext, tenantId: string = DEMO.tenantA.id): { tenant: Tenant; sp: (id: string) => ServicePrincipal } {
  const tenant = ctx.directory.tenant(tenantId);
  if (tenant === undefined) throw new Error('no tenant');
  return {
    tenant,
    sp: (id) => {
      const sp = ctx.directory.servicePrincipal(id, tenantId);
      if (sp === undefined) throw new Error(`no sp ${id}`);
      return sp;
    },
  };
}

const times = tokenTimes(1_800_000_000, 3600);

function delegated(ctx: EmulatorContext, version: 1 | 2, userIndex = 0, resource: string = DEMO.ordersApi.appId): Record<string, unknown> {
  const { tenant, sp } = parts(ctx);
  const user = tenant.users[userIndex];
  if (user === undefined) throw new Error('no user');
  return delegatedAccessClaims(ctx, {
    tenant, user, client: sp(DEMO.webClient.appId), clientAuth: '1', resource: sp(resource), resourceAsWritten: DEMO.ordersApi.identifierUri,
    scopes: ['Orders.Read'], requestClaims: NO_REQUEST_CLAIMS, sessionId: undefined, times, version,
  });
}

describe('token shapes', () => {
  it('v2 delegated: claim order, azp/azpacr, pairwise sub, no v1 claims', () => {
    const claims = delegated(context(), 2);
    expect(Object.keys(claims)).toEqual([
      'aud', 'iss', 'iat', 'nbf', 'exp', 'acct', 'aio', 'azp', 'azpacr', 'groups', 'name', 'oid', 'preferred_username', 'rh', 'roles', 'scp', 'sub', 'tid', 'uti', 'ver',
    ]);
    expect(claims).toMatchObject({ aud: DEMO.ordersApi.appId, iss: `https://localhost:8443/${DEMO.tenantA.id}/v2.0`, iat: 1_799_999_700, nbf: 1_799_999_700, exp: 1_800_003_600, ver: '2.0' });
    expect(String(claims.uti)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(String(claims.rh)).toMatch(/^0\.A[A-Za-z0-9_-]+AA\.$/);
  });

  it('v1 delegated: aud as requested, sts.windows.net issuer, appid/appidacr, upn and amr', () => {
    const claims = delegated(context(), 1);
    expect(claims).toMatchObject({ aud: DEMO.ordersApi.identifierUri, iss: `https://sts.windows.net/${DEMO.tenantA.id}/`, appid: DEMO.webClient.appId, appidacr: '1', acr: '1', amr: ['pwd'], upn: DEMO.users.alice.upn, ver: '1.0' });
    expect(claims).not.toHaveProperty('azp');
    expect(claims).not.toHaveProperty('preferred_username');
  });

  it('app-only: roles and idtyp, oid = sub = service principal, no scp', () => {
    const ctx = context();
    const { tenant, sp } = parts(ctx);
    const base = { tenant, client: sp(DEMO.daemon.appId), clientAuth: '2' as const, resource: sp(DEMO.ordersApi.appId), resourceAsWritten: DEMO.ordersApi.appId, roles: ['Orders.Read.All'], times, requestClaims: NO_REQUEST_CLAIMS };
    const v2 = appAccessClaims(ctx, { ...base, version: 2 });
    expect(Object.keys(v2)).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'azp', 'azpacr', 'idtyp', 'oid', 'rh', 'roles', 'sub', 'tid', 'uti', 'ver']);
    expect(v2).toMatchObject({ idtyp: 'app', oid: DEMO.daemon.servicePrincipalId, sub: DEMO.daemon.servicePrincipalId, azpacr: '2' });
    const v1 = appAccessClaims(ctx, { ...base, version: 1 });
    expect(v1).toMatchObject({ appid: DEMO.daemon.appId, appidacr: '2', idp: `https://sts.windows.net/${DEMO.tenantA.id}/`, ver: '1.0' });
    expect(appAccessClaims(ctx, { ...base, roles: [], version: 2 })).not.toHaveProperty('roles');
  });

  it('replaces groups by the overage form above the limit', () => {
    const claims = delegated(context({ ...demoConfig(), groupsOverageLimit: 1 }), 2);
    expect(claims).not.toHaveProperty('groups');
    expect(claims._claim_names).toEqual({ groups: 'src1' });
    expect(claims._claim_sources).toEqual({ src1: { endpoint: `https://graph.microsoft.com/v1.0/users/${DEMO.users.alice.oid}/getMemberObjects` } });
  });

  it('marks guests with acct 1 and the home tenant idp', () => {
    const claims = delegated(context(), 2, 2);
    expect(claims).toMatchObject({ acct: 1, idp: `https://sts.windows.net/${DEMO.tenantB.id}/`, oid: DEMO.users.erinGuest.oid, preferred_username: DEMO.users.erinGuest.signInName });
  });

  it('ID tokens: aud = client, nonce, pairwise sub different from the access token sub', () => {
    const ctx = context();
    const { tenant, sp } = parts(ctx);
    const user = tenant.users[0];
    if (user === undefined) throw new Error('no user');
    const id = idTokenClaims(ctx, { tenant, user, client: sp(DEMO.webClient.appId), oidcScopes: ['openid', 'profile'], nonce: 'n', sessionId: 'sid-1', authTime: 1, requestClaims: { ...NO_REQUEST_CLAIMS, idTokenClaims: ['login_hint'] }, times });
    expect(Object.keys(id)).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'login_hint', 'name', 'nonce', 'oid', 'preferred_username', 'rh', 'sid', 'sub', 'tid', 'uti', 'ver']);
    expect(id).toMatchObject({ aud: DEMO.webClient.appId, nonce: 'n', ver: '2.0' });
    expect(id.sub).not.toBe(delegated(ctx, 2).sub);
    expect(id).not.toHaveProperty('email');
  });
});
