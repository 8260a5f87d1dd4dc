// Test-only: principals built the way the validator builds them.
import { FrozenSet } from '../principal/frozen-set.js';
import type { AppPrincipal, Principal, UserPrincipal } from '../principal/principal.js';

export const TENANT = 'aaaaaaaa-2222-4333-8444-55555555bbbb';
export const OTHER_TENANT = '99999999-8888-4777-8666-555555555555';

interface Claims {
  scopes?: string[];
  roles?: string[];
  groups?: string[];
  overage?: boolean;
  acrs?: string[];
  xmsCc?: string[];
  tenantId?: string;
  objectId?: string;
}

function base(c: Claims) {
  return {
    tenantId: c.tenantId ?? TENANT,
    clientId: 'client-app',
    clientAuth: 'secret' as const,
    scopes: new FrozenSet(c.scopes ?? []),
    roles: new FrozenSet(c.roles ?? []),
    groups: new FrozenSet(c.groups ?? []),
    hasGroupsOverage: c.overage ?? false,
    wids: new FrozenSet<string>([]),
    tokenVersion: '2.0' as const,
    authContexts: new FrozenSet(c.acrs ?? []),
    clientCapabilities: new FrozenSet(c.xmsCc ?? []),
    issuer: `https://login.microsoftonline.com/${c.tenantId ?? TENANT}/v2.0`,
    audience: 'api',
    issuedAt: 1_800_000_000,
    expiresAt: 1_800_003_600,
    tokenId: 'uti-1',
  };
}

export function user(c: Claims = {}): UserPrincipal {
  return Object.freeze({ kind: 'user', ...base({ scopes: ['Orders.Read'], ...c }), objectId: c.objectId ?? 'user-oid', subject: 'sub', isGuest: false });
}

export function app(c: Claims = {}): AppPrincipal {
  return Object.freeze({ kind: 'app', ...base(c), objectId: c.objectId ?? 'app-oid', subject: 'app-oid', isGuest: false });
}

export type { Principal };
