/** How the client application authenticated to Entra (`azpacr` / `appidacr`). */
export type ClientAuth = 'public' | 'secret' | 'certificate' | 'unknown';

interface PrincipalBase {
  /** The directory the caller belongs to; part of every data key. */
  readonly tenantId: string;
  /** The calling application (`azp` in v2, `appid` in v1). */
  readonly clientId: string;
  readonly clientAuth: ClientAuth;
  /** Delegated permissions (`scp`); empty for apps. */
  readonly scopes: ReadonlySet<string>;
  /** App roles: application permissions for apps, user-assigned roles for users. */
  readonly roles: ReadonlySet<string>;
  readonly groups: ReadonlySet<string>;
  /** The token stands for more groups than it lists (`_claim_names`/`hasgroups`). The URL in the token is never fetched. */
  readonly hasGroupsOverage: boolean;
  /** Directory role template ids (`wids`). */
  readonly wids: ReadonlySet<string>;
  readonly tokenVersion: '1.0' | '2.0';
  /** Authentication contexts satisfied (`acrs`). */
  readonly authContexts: ReadonlySet<string>;
  /** Client capabilities (`xms_cc`), lower-cased; `cp1` means the client handles claims challenges. */
  readonly clientCapabilities: ReadonlySet<string>;
  readonly issuer: string;
  readonly audience: string;
  /** Seconds since the epoch. */
  readonly issuedAt: number;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
  /** `uti`, the token's unique id, when present. */
  readonly tokenId: string | undefined;
}

/** A signed-in user, calling through a client app with delegated permissions. */
export interface UserPrincipal extends PrincipalBase {
  readonly kind: 'user';
  /** The user's object id in `tenantId`. Identity is (tenantId, objectId); never email or upn. */
  readonly objectId: string;
  /** `sub`: pairwise per application; prefer `objectId`. */
  readonly subject: string;
  /** A guest (B2B) user of `tenantId`. */
  readonly isGuest: boolean;
}

/** An application calling as itself (client credentials). */
export interface AppPrincipal extends PrincipalBase {
  readonly kind: 'app';
  /**
   * The object id of the app's service principal in `tenantId` (`oid`, else `sub`). Undefined
   * only for old v1 app-only tokens that carry neither; identify such callers by `clientId`.
   */
  readonly objectId: string | undefined;
  readonly subject: string | undefined;
  readonly isGuest: false;
}

/** The authenticated caller. Frozen; never holds the raw token. */
export type Principal = UserPrincipal | AppPrincipal;
