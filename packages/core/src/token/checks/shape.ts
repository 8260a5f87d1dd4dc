import type { ResolvedOptions } from '../../config/resolve-options.js';
import { tokenError } from '../../errors/errors.js';

/** What the `shape` check read from the claims. */
export interface ShapeResult {
  readonly kind: 'user' | 'app';
  /** Undefined only for old v1 app-only tokens that carry neither `oid` nor `sub`. */
  readonly objectId: string | undefined;
  readonly subject: string | undefined;
  readonly scopes: readonly string[];
  readonly roles: readonly string[];
  readonly groups: readonly string[];
  readonly groupsOverage: boolean;
  readonly wids: readonly string[];
  readonly authContexts: readonly string[];
  readonly clientCapabilities: readonly string[];
  readonly isGuest: boolean;
  readonly tokenId: string | undefined;
}

function invalid(detail: string): never {
  throw tokenError('EG_TOKEN_SHAPE_INVALID', detail, { check: 'shape' });
}

function stringArray(value: unknown, name: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0)) invalid(`"${name}" is not an array of strings`);
  return value as string[];
}

// Claims that only ask for something (step-up, capabilities) read as "nothing" when malformed:
// that can only make a request fail, never succeed.
function lenientStrings(value: unknown): readonly string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) invalid(`"${name}" is not a string`);
  return value;
}

function readScopes(scp: unknown): readonly string[] | undefined {
  if (scp === undefined) return undefined;
  if (typeof scp !== 'string') invalid('"scp" is not a string');
  // RFC 6749 §3.3: space-delimited, case-sensitive; only ASCII space separates.
  const scopes = scp.split(' ').filter((s) => s.length > 0);
  if (scopes.length === 0) invalid('"scp" is empty');
  return scopes;
}

function isGuestUser(claims: Readonly<Record<string, unknown>>, tenantId: string): boolean {
  if (claims.acct === 1) return true;
  const idp = claims.idp;
  // A home-tenant user's idp, when present, is the tenant itself (v1 form in v2 tokens).
  return typeof idp === 'string' && idp !== claims.iss && !idp.includes(`/${tenantId}/`);
}

/**
 * The `shape` check: user vs app (`scp` present means a user), claims of the right types,
 * no contradictions (`idtyp`), an object id, and the guest policy.
 */
export function checkShape(claims: Readonly<Record<string, unknown>>, tenantId: string, options: ResolvedOptions): ShapeResult {
  const scopes = readScopes(claims.scp);
  const kind = scopes === undefined ? 'app' : 'user';
  const idtyp = claims.idtyp;
  if (idtyp !== undefined && idtyp !== 'app' && idtyp !== 'user') invalid('"idtyp" is not "app" or "user"');
  if (idtyp === 'app' && kind === 'user') invalid('"idtyp" is "app" but the token has "scp"');
  if (idtyp === 'user' && kind === 'app') invalid('"idtyp" is "user" but the token has no "scp"');
  const sub = optionalString(claims.sub, 'sub');
  const oid = optionalString(claims.oid, 'oid');
  // Some old v1 app-only tokens lack oid (then sub is the service principal's id) or both.
  if (kind === 'user' && (oid === undefined || sub === undefined)) invalid('a user token must carry "oid" and "sub"');
  const isGuest = kind === 'user' && isGuestUser(claims, tenantId);
  if (options.guests === 'deny' && kind === 'user') {
    if (claims.acct === undefined) {
      throw tokenError('EG_GUEST_REFUSED', 'guest policy needs the "acct" optional claim', { check: 'shape' });
    }
    if (isGuest) throw tokenError('EG_GUEST_REFUSED', 'user is a guest', { check: 'shape' });
  }
  const claimNames = claims._claim_names;
  const groupsOverage =
    claims.hasgroups === true || (typeof claimNames === 'object' && claimNames !== null && Object.hasOwn(claimNames, 'groups'));
  const uti = claims.uti;
  return {
    kind,
    objectId: oid ?? sub,
    subject: sub,
    scopes: scopes ?? [],
    roles: stringArray(claims.roles, 'roles'),
    groups: stringArray(claims.groups, 'groups'),
    groupsOverage,
    wids: stringArray(claims.wids, 'wids'),
    authContexts: lenientStrings(claims.acrs),
    clientCapabilities: lenientStrings(claims.xms_cc).map((c) => c.toLowerCase()),
    isGuest,
    tokenId: typeof uti === 'string' ? uti : undefined,
  };
}
