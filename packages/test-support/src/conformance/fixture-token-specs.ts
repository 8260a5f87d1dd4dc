// The token kit: mint options, marker claims and the spec of every named fixture token.
import type { SigningKey } from '../signing-key.js';
import { CONFORMANCE_GROUP } from './contract.js';
import { C2, CONFORMANCE_EPOCH_SECONDS, KILLED_CLIENT, MARKERS, OID, OTHER_GROUP, REVOKED_UTI, ROGUE_CLIENT, SHARED_SUB, T, T2, VICTIM_EMAIL, X } from './fixture-ids.js';

/** What {@link ConformanceFixture.mint} accepts; everything defaults to G2. */
export interface MintOptions {
  readonly kind?: 'user' | 'app';
  readonly version?: '1.0' | '2.0';
  readonly tenantId?: string;
  readonly audience?: string;
  readonly clientId?: string;
  readonly scopes?: string[];
  readonly roles?: string[];
  readonly claims?: Record<string, unknown>;
  readonly header?: Record<string, unknown>;
  /** "Now" of the minting, seconds. Default the fixture clock. */
  readonly now?: number;
  readonly lifetimeSeconds?: number;
  /** Default the fixture's key; pass `forgedKey` for forgeries. */
  readonly key?: SigningKey;
}

export function markerClaims(kind: 'user' | 'app', version: '1.0' | '2.0'): Record<string, unknown> {
  if (kind === 'app') return { aio: MARKERS.aio };
  if (version === '1.0') return { aio: MARKERS.aio, name: MARKERS.name, upn: MARKERS.upn, unique_name: MARKERS.upn };
  return { aio: MARKERS.aio, name: MARKERS.name, preferred_username: MARKERS.upn };
}

/** How one fixture token is made: mint options plus who signs it, or an ID token. */
export type TokenSpec = (Omit<MintOptions, 'key'> & { readonly signer?: 'impostor' | 'attacker' }) | 'idToken';

// Not annotated: the object's own keys become {@link TokenName}.
export function tokenSpecs(canaryUrl: string) {
  const cp1 = { xms_cc: ['cp1'] };
  const victim = { email: VICTIM_EMAIL, preferred_username: VICTIM_EMAIL, upn: VICTIM_EMAIL, unique_name: VICTIM_EMAIL, xms_edov: false };
  return {
    // The good tokens of the catalogue's vocabulary.
    g2: {},
    g1: { version: '1.0' },
    ga: { kind: 'app', roles: ['Orders.Read.All'] },
    ga1: { kind: 'app', version: '1.0', roles: ['Orders.Read.All'] },
    g2Write: { scopes: ['Orders.Write'] },
    gaWrite: { kind: 'app', roles: ['Orders.ReadWrite.All'] },
    admin: { roles: ['Orders.Admin'] },
    appAdmin: { kind: 'app', roles: ['Orders.Admin'] },
    g2MultiScope: { scopes: ['Orders.Write', 'Orders.Read'] },
    // Row 89: scope substrings and near misses.
    scpReadWrite: { scopes: ['Orders.ReadWrite'] },
    scpReadAll: { scopes: ['Orders.Read.All'] },
    scpReadX: { scopes: ['Orders.ReadX'] },
    scpPrefixX: { scopes: ['xOrders.Read'] },
    scpMy: { scopes: ['MyOrders.Read'] },
    scpLower: { scopes: ['orders.read'] },
    scpTab: { scopes: [], claims: { scp: 'Orders.Write\tOrders.Read' } },
    scpComma: { scopes: [], claims: { scp: 'Orders.Write,Orders.Read' } },
    // Row 91: scp type confusion (re-signed).
    scpArray: { scopes: [], claims: { scp: ['Orders.Read'] } },
    scpNull: { scopes: [], claims: { scp: null } },
    scpEmpty: { scopes: [], claims: { scp: '' } },
    scpSpaces: { scopes: [], claims: { scp: '   ' } },
    scpObject: { scopes: [], claims: { scp: { 0: 'Orders.Read' } } },
    scpNumber: { scopes: [], claims: { scp: 123 } },
    scpTrue: { scopes: [], claims: { scp: true } },
    rolesString: { kind: 'app', claims: { roles: 'Orders.Read.All' } },
    // Row 92: names Entra does not use.
    scopeClaim: { scopes: [], claims: { scope: 'Orders.Read' } },
    permissionsClaim: { scopes: [], claims: { permissions: ['Orders.Read', 'Orders.Read.All'] } },
    roleSingular: { claims: { role: 'Orders.Admin' } },
    // Row 94: a user assigned an app role that is also an application permission.
    userAppRole: { roles: ['Orders.Read.All'] },
    userAppRoleOnly: { scopes: ['Profile.Read'], roles: ['Orders.Read.All', 'Orders.ReadWrite.All'] },
    // Row 95: contradictory shapes.
    idtypAppWithScp: { claims: { idtyp: 'app' } },
    idtypUserNoScp: { kind: 'app', roles: ['Orders.Read.All'], claims: { idtyp: 'user' } },
    idtypDevice: { claims: { idtyp: 'device' } },
    // Row 96: app-only detection without idtyp.
    appNoIdtyp: { kind: 'app', roles: ['Orders.Read.All'], claims: { idtyp: undefined } },
    noScpUserIds: { scopes: [], roles: ['Orders.Read.All'] },
    // Rows 73/97: foreign tenants.
    foreign: { tenantId: X },
    foreignAdmin: { tenantId: X, roles: ['Orders.Admin'] },
    t2Admin: { tenantId: T2, roles: ['Orders.Admin'] },
    // Row 99: a client with no permission on this API.
    rogueApp: { kind: 'app', clientId: ROGUE_CLIENT },
    rogueAppV1: { kind: 'app', version: '1.0', clientId: ROGUE_CLIENT },
    // Row 102: nOAuth.
    nOAuth: { claims: { oid: OID.attacker, ...victim } },
    nOAuthForeign: { tenantId: X, claims: { oid: OID.attacker, ...victim } },
    // Row 103: one sub, two tenants.
    subInT: { claims: { oid: OID.subInT, sub: SHARED_SUB } },
    subInT2: { tenantId: T2, claims: { oid: OID.subInT2, sub: SHARED_SUB } },
    // Row 104: groups and overage.
    groupsMember: { claims: { groups: [CONFORMANCE_GROUP] } },
    groupsOther: { claims: { groups: [OTHER_GROUP] } },
    groupsOverage: { claims: { hasgroups: true, _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: canaryUrl } } } },
    groupsOverageNames: { claims: { _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: canaryUrl } } } },
    hasGroups: { claims: { hasgroups: true } },
    // Rows 88/106: guests.
    guest: { claims: { oid: OID.guest, acct: 1, idp: `https://sts.windows.net/${X}/` } },
    guestByIdp: { claims: { oid: OID.guest, acct: 0, idp: `https://sts.windows.net/${X}/` } },
    member: { claims: { oid: OID.member, acct: 0 } },
    memberHomeIdp: { claims: { oid: OID.member, acct: 0, idp: `https://sts.windows.net/${T}/` } },
    // Row 107: step-up.
    acrsC1: { claims: { acrs: ['c1'] } },
    acrsC1Cp1: { claims: { acrs: ['c1'], ...cp1 } },
    noAcrsCp1: { claims: cp1 },
    acrsStringCp1: { claims: { acrs: 'c1', ...cp1 } },
    acrsStringNoCp1: { claims: { acrs: 'c1' } },
    acrsC2Cp1: { claims: { acrs: ['c2'], ...cp1 } },
    acrsC2: { claims: { acrs: ['c2'] } },
    cp1AsString: { claims: { xms_cc: 'cp1' } },
    cp1Upper: { claims: { xms_cc: ['CP1'] } },
    // Section 8: revocation, CAE, caching.
    revoked108: { claims: { oid: OID.revoked108 } },
    revoked108Newer: { claims: { oid: OID.revoked108 }, now: CONFORMANCE_EPOCH_SECONDS + 301 },
    revoked109Cp1: { claims: { oid: OID.revoked109, ...cp1 } },
    revokedCached: { claims: { oid: OID.revokedCached } },
    revokedByUti: { claims: { uti: REVOKED_UTI } },
    killedClient: { kind: 'app', clientId: KILLED_CLIENT, roles: ['Orders.Read.All'] },
    shortLived: { lifetimeSeconds: 400 },
    cae24hCp1: { lifetimeSeconds: 24 * 3600, claims: cp1 },
    cae24h: { lifetimeSeconds: 24 * 3600 },
    lifetime30d: { lifetimeSeconds: 30 * 24 * 3600 },
    otherApi: { audience: C2 },
    // Plain bad tokens.
    expired: { now: CONFORMANCE_EPOCH_SECONDS - 7200 },
    forged: { signer: 'impostor' },
    forgedOwnKid: { signer: 'attacker' },
    idToken: 'idToken',
  } satisfies Record<string, TokenSpec>;
}

/** Names of the fixture's tokens (the `{{token:name}}` placeholders of the cases). */
export type TokenName = keyof ReturnType<typeof tokenSpecs>;
