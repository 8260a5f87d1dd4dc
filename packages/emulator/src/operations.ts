import type { EmulatorContext } from './context.js';
import type { StoredSigningKey } from './keys/data-dir.js';
import type { EmulatorConfig } from './tenants/config-types.js';
import { Directory } from './tenants/directory.js';

/** What `revoke` accepts: every refresh token of a user, or one refresh token. */
export type RevokeInput = { readonly user: string; readonly tenant?: string } | { readonly refreshToken: string };

/**
 * Revokes refresh tokens: later refreshes fail with AADSTS50173, as after a password reset or
 * an admin's "revoke sessions". Returns how many tokens were affected.
 */
export function revoke(ctx: EmulatorContext, input: RevokeInput): number {
  if ('refreshToken' in input) {
    const grant = ctx.stores.refreshTokens.get(input.refreshToken);
    if (grant === undefined) return 0;
    grant.revoked = true;
    return 1;
  }
  const tenants = input.tenant === undefined ? ctx.directory.tenants : [ctx.directory.tenant(input.tenant)].filter((t) => t !== undefined);
  let count = 0;
  const now = ctx.clock.nowSeconds();
  for (const tenant of tenants) {
    const user = ctx.directory.findSignIn(tenant.id, input.user)?.user;
    if (user === undefined) continue;
    ctx.stores.revokedBefore.set(`${tenant.id}|${user.oid}`, now);
    for (const grant of ctx.stores.refreshTokens.values()) {
      if (grant.tenantId !== tenant.id || grant.userOid !== user.oid || grant.revoked) continue;
      grant.revoked = true;
      count += 1;
    }
    for (const [id, session] of ctx.stores.sessions) {
      session.accounts = session.accounts.filter((a) => !(a.tenantId === tenant.id && a.userOid === user.oid));
      if (session.accounts.length === 0) ctx.stores.sessions.delete(id);
    }
  }
  return count;
}

/** Back to the state of a fresh start: directory rebuilt from the configuration, stores, clock, faults and log emptied. Keys stay. */
export function reset(ctx: EmulatorContext, config: EmulatorConfig): void {
  ctx.directory = new Directory(config);
  ctx.stores.clear();
  ctx.faults.clear();
  ctx.log.clear();
  ctx.clock.offsetSeconds = 0;
}

/** A signing key as the test API lists it. */
export interface KeyInfo {
  readonly kid: string;
  readonly state: StoredSigningKey['state'];
  readonly createdAt: string;
  readonly publicJwk: { readonly kty: 'RSA'; readonly kid: string; readonly n: string; readonly e: string };
  readonly certificatePem: string;
  readonly privateKeyPem?: string;
}

/** The signing keys, with private material only when asked (for offline minting by tools). */
export function listKeys(ctx: EmulatorContext, includePrivate: boolean): readonly KeyInfo[] {
  return ['active', 'next', 'retired', 'unpublished'].flatMap((state) => {
    const k = ctx.keys.byState(state as StoredSigningKey['state']);
    if (k === undefined) return [];
    return [
      {
        kid: k.kid,
        state: k.state,
        createdAt: new Date(k.stored.createdAt).toISOString(),
        publicJwk: { kty: 'RSA' as const, kid: k.kid, n: k.n, e: k.e },
        certificatePem: k.stored.certPem,
        ...(includePrivate ? { privateKeyPem: k.stored.keyPem } : {}),
      },
    ];
  });
}

/** The directory as the test API shows it: everything but passwords and secrets. */
export function publicDirectory(config: EmulatorConfig): unknown {
  return JSON.parse(JSON.stringify(config, (key, value: unknown) => (key === 'password' || key === 'secrets' ? undefined : value)));
}
