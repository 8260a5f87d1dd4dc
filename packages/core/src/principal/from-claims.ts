import type { ClientResult } from '../token/checks/client.js';
import type { IssuerResult } from '../token/checks/issuer.js';
import type { Lifetime } from '../token/checks/lifetime.js';
import type { ShapeResult } from '../token/checks/shape.js';
import { frozenSetOf } from './frozen-set.js';
import type { ClientAuth, Principal } from './principal.js';

const CLIENT_AUTH: readonly ClientAuth[] = ['public', 'secret', 'certificate'];

/** Everything the checks established about a token. */
export interface CheckedToken {
  readonly issuer: IssuerResult;
  readonly lifetime: Lifetime;
  readonly audience: string;
  readonly client: ClientResult;
  readonly shape: ShapeResult;
}

/** Builds the frozen principal from the results of the checks (never from raw claims). */
export function principalFrom(t: CheckedToken): Principal {
  const base = {
    tenantId: t.issuer.tenantId,
    clientId: t.client.clientId,
    clientAuth: t.client.clientAuth === undefined ? 'unknown' : CLIENT_AUTH[t.client.clientAuth]!,
    scopes: frozenSetOf(t.shape.scopes),
    roles: frozenSetOf(t.shape.roles),
    groups: frozenSetOf(t.shape.groups),
    hasGroupsOverage: t.shape.groupsOverage,
    wids: frozenSetOf(t.shape.wids),
    tokenVersion: t.issuer.version,
    authContexts: frozenSetOf(t.shape.authContexts),
    clientCapabilities: frozenSetOf(t.shape.clientCapabilities),
    issuer: t.issuer.issuer,
    audience: t.audience,
    issuedAt: t.lifetime.issuedAt,
    expiresAt: t.lifetime.expiresAt,
    tokenId: t.shape.tokenId,
  } as const;
  const { objectId, subject } = t.shape;
  if (t.shape.kind === 'user') {
    // checkShape guarantees both for users.
    return Object.freeze({ kind: 'user', ...base, objectId: objectId!, subject: subject!, isGuest: t.shape.isGuest });
  }
  return Object.freeze({ kind: 'app', ...base, objectId, subject, isGuest: false });
}
