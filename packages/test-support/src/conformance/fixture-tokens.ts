/*
 * The conformance suite's world: one tenant T, one API C, one RSA key, a clock the suite
 * controls, a revocation store, and every token the cases send. Created once per suite (per
 * adapter), so state (revocations, caches) never leaks between adapters.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryRevocationStore, type EntraGuardOptions } from '@entra-guard/core';
import { mintAccessToken, type AccessTokenOptions } from '../access-token.js';
import { mintIdToken } from '../id-token.js';
import { createSigningKeys, type SigningKey } from '../signing-key.js';
import { TEST_API_CLIENT_ID, TEST_APP_OID, TEST_TENANT_ID, TEST_USER_OID } from '../test-identities.js';
import { CONFORMANCE_GROUP, type ConformanceAppOptions } from './contract.js';

/** The real Entra origin: the guard runs with `cloud: 'public'` and static keys. */
export const ENTRA_ORIGIN = 'https://login.microsoftonline.com';
/** T: the configured tenant. */
export const T = TEST_TENANT_ID;
/** T2: a second tenant, allowed only by the multi-tenant variant. */
export const T2 = '5d2e8c71-3a4b-4f69-b0c1-7e8d9fa0b1c2';
/** X: an attacker tenant, never allowed. */
export const X = 'c9a8b7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d';
/** C: the API's client id. */
export const C = TEST_API_CLIENT_ID;
/** C2: a second API (row 112), served by the `otherApi` variant. */
export const C2 = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
/** A client application that has a service principal in T but no permission on C (row 99). */
export const ROGUE_CLIENT = '9e8d7c6b-5a49-4838-a726-15f4e3d2c1b0';
/** A client application whose tokens the kill switch disables (section 8). */
export const KILLED_CLIENT = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
/** A group the caller is not a member of. */
export const OTHER_GROUP = '22222222-0000-4000-8000-000000000002';

/** Object ids of the users the cases talk about. */
export const OID = {
  user: TEST_USER_OID,
  app: TEST_APP_OID,
  /** nOAuth attacker (row 102). */
  attacker: 'a77ac4e7-0000-4000-8000-00000000a001',
  /** Users in T and T2 that share one `sub` (row 103). */
  subInT: '5ab00001-0000-4000-8000-000000000001',
  subInT2: '5ab00002-0000-4000-8000-000000000002',
  /** Revocation subjects (section 8): one each, so cases never disturb each other. */
  revoked108: 'e7000108-0000-4000-8000-000000000108',
  revoked109: 'e7000109-0000-4000-8000-000000000109',
  revokedCached: 'e7000110-0000-4000-8000-000000000110',
  guest: '9e570001-0000-4000-8000-000000000001',
  member: '9e570002-0000-4000-8000-000000000002',
} as const;

/** Fixed start of the fixture clock (2027-01-15T08:00:00Z): responses are reproducible. */
export const CONFORMANCE_EPOCH_SECONDS = 1_800_000_000;
/** `uti` of the token that is revoked by id. */
export const REVOKED_UTI = 'revokedUtiConformance0A';
/** `sub` shared by two users of different tenants (row 103). */
export const SHARED_SUB = 'SharedPairwiseSub-0000000000000000000000001';
/** The victim's e-mail address that the nOAuth attacker's token carries (row 102). */
export const VICTIM_EMAIL = 'victim.ceo@contoso.example';
/** The RFC 9728 resource of the `protectedResource` variant. */
export const PROTECTED_RESOURCE = 'https://orders.example.test';

/**
 * Marker claim values put into every token: an error response must never contain them (nor
 * the token, its tenant, the API's client id or the key id).
 */
export const MARKERS = {
  aio: 'EGMARKaio7Qz1xCanaryValueNeverEchoed',
  name: 'EGMARK Name Canary',
  upn: 'egmark.canary.upn@example.test',
} as const;

/** In the failing revocation store's error message: must never reach a response. */
export const REVOCATION_FAILURE_TEXT = 'EGMARK-redis-failure ERR_SOCKET_CLOSED';

/** A clock the suite moves (row 66); every guard and the revocation store read it. */
export interface FixtureClock {
  /** Milliseconds since the epoch. */
  now(): number;
  nowSeconds(): number;
  advanceSeconds(seconds: number): void;
  /** Back to {@link CONFORMANCE_EPOCH_SECONDS}. */
  reset(): void;
}

/** App options a case asks for on top of the fixture's defaults (cases sharing one object share one app). */
export interface ConformanceAppVariant {
  readonly guard?: Partial<EntraGuardOptions>;
  readonly allowTokensWithoutPermissions?: boolean;
  readonly protectedResource?: ConformanceAppOptions['protectedResource'];
}

/** The app variants the cases use. */
export const VARIANTS = {
  /** Guest users refused (rows 88, 106). */
  guestsDeny: { guard: { guests: 'deny' } },
  /** Tenants T and T2 allowed (rows 97, 103). */
  multiTenant: { guard: { tenancy: { mode: 'multi', allowedTenants: [T, T2] } } },
  /** A second API with its own client id (row 112). */
  otherApi: { guard: { clientId: C2 } },
  /** RFC 9728 metadata and `resource_metadata` in 401 challenges. */
  protectedResource: { protectedResource: { resource: PROTECTED_RESOURCE, authorizationServers: [`${ENTRA_ORIGIN}/${T}/v2.0`] } },
  /** An ACL-based API: tokens without `scp` or `roles` are accepted. */
  allowNoPermissions: { allowTokensWithoutPermissions: true },
  /** The revocation store is down: fail closed with 503, never 200, never a misleading 401. */
  revocationDown: {
    guard: {
      revocation: {
        check(): never {
          throw new Error(`${REVOCATION_FAILURE_TEXT} connect ECONNREFUSED 10.0.0.7:6379`);
        },
      },
    },
  },
} as const satisfies Record<string, ConformanceAppVariant>;

/** A local server that must never be contacted (the groups-overage `endpoint`, row 104). */
export interface Canary {
  readonly url: string;
  hits(): number;
  close(): Promise<void>;
}

async function startCanary(): Promise<Canary> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"value":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1.0/users/overage/getMemberObjects`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

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

function markerClaims(kind: 'user' | 'app', version: '1.0' | '2.0'): Record<string, unknown> {
  if (kind === 'app') return { aio: MARKERS.aio };
  if (version === '1.0') return { aio: MARKERS.aio, name: MARKERS.name, upn: MARKERS.upn, unique_name: MARKERS.upn };
  return { aio: MARKERS.aio, name: MARKERS.name, preferred_username: MARKERS.upn };
}

/** How one fixture token is made: mint options plus who signs it, or an ID token. */
type TokenSpec = (Omit<MintOptions, 'key'> & { readonly signer?: 'impostor' | 'attacker' }) | 'idToken';

// Not annotated: the object's own keys become {@link TokenName}.
function tokenSpecs(canaryUrl: string) {
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

/** Everything one run of the suite shares. */
export interface ConformanceFixture {
  /** The key the guard trusts (K_T). */
  readonly key: SigningKey;
  /** An attacker key (K_A), never published. */
  readonly forgedKey: SigningKey;
  readonly clock: FixtureClock;
  readonly revocation: InMemoryRevocationStore;
  readonly canary: Canary;
  /** Every token, by name. */
  readonly tokens: Readonly<Record<TokenName, string>>;
  /** The app options for a variant (none: the default app). */
  appOptions(variant?: ConformanceAppVariant): ConformanceAppOptions;
  /** Mints another token in the fixture's world (defaults: G2 at the fixture clock). */
  mint(options?: MintOptions): string;
  close(): Promise<void>;
}

function makeClock(): FixtureClock {
  let seconds = CONFORMANCE_EPOCH_SECONDS;
  return {
    now: () => seconds * 1000,
    nowSeconds: () => seconds,
    advanceSeconds: (s) => {
      seconds += s;
    },
    reset: () => {
      seconds = CONFORMANCE_EPOCH_SECONDS;
    },
  };
}

/** Creates the fixture: keys, clock, store, canary server and all tokens. Close it in `afterAll`. */
export async function createConformanceFixture(): Promise<ConformanceFixture> {
  const [key, forgedKey] = (await createSigningKeys(2)) as [SigningKey, SigningKey];
  // K_A with K_T's kid: the token names a trusted key, the signature is the attacker's.
  const impostor: SigningKey = { ...forgedKey, kid: key.kid };
  const clock = makeClock();
  const revocation = new InMemoryRevocationStore({ now: clock.now });
  const canary = await startCanary();
  const jwks = { keys: [{ ...key.jwk, issuer: `${ENTRA_ORIGIN}/{tenantid}/v2.0` }] };

  const mint = (o: MintOptions = {}): string => {
    const kind = o.kind ?? 'user';
    const version = o.version ?? '2.0';
    const opts: AccessTokenOptions = {
      key: o.key ?? key,
      issuerOrigin: ENTRA_ORIGIN,
      version,
      kind,
      tenantId: o.tenantId ?? T,
      audience: o.audience ?? (version === '1.0' ? `api://${C}` : C),
      now: o.now ?? clock.nowSeconds(),
      claims: { ...markerClaims(kind, version), ...o.claims },
    };
    if (o.clientId !== undefined) opts.clientId = o.clientId;
    if (o.scopes !== undefined) opts.scopes = o.scopes;
    if (o.roles !== undefined) opts.roles = o.roles;
    if (o.header !== undefined) opts.header = o.header;
    if (o.lifetimeSeconds !== undefined) opts.lifetimeSeconds = o.lifetimeSeconds;
    return mintAccessToken(opts);
  };

  const tokens: Record<string, string> = {};
  for (const [name, spec] of Object.entries(tokenSpecs(canary.url)) as [string, TokenSpec][]) {
    if (spec === 'idToken') {
      tokens[name] = mintIdToken({ key, issuerOrigin: ENTRA_ORIGIN, tenantId: T, clientId: C, now: clock.nowSeconds() });
      continue;
    }
    const { signer, ...options } = spec;
    tokens[name] = mint({ ...options, key: signer === 'impostor' ? impostor : signer === 'attacker' ? forgedKey : key });
  }

  const base: EntraGuardOptions = {
    clientId: C,
    tenancy: { mode: 'single', tenantId: T },
    cloud: 'public',
    keys: { jwks },
    now: clock.now,
    revocation,
  };
  return {
    key,
    forgedKey,
    clock,
    revocation,
    canary,
    tokens: tokens as Record<TokenName, string>,
    appOptions(variant: ConformanceAppVariant = {}): ConformanceAppOptions {
      const options: { -readonly [K in keyof ConformanceAppOptions]: ConformanceAppOptions[K] } = { guard: { ...base, ...variant.guard } };
      if (variant.allowTokensWithoutPermissions !== undefined) options.allowTokensWithoutPermissions = variant.allowTokensWithoutPermissions;
      if (variant.protectedResource !== undefined) options.protectedResource = variant.protectedResource;
      return options;
    },
    mint,
    close: () => canary.close(),
  };
}
