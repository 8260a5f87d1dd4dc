/**
 * The directory the emulator serves, as read from a JSON file or passed to `startEmulator`
 * (emulator spec §5). Ids are fixed GUIDs so tests and documentation stay reproducible.
 */
export interface EmulatorConfig {
  readonly tenants: readonly TenantConfig[];
  /**
   * More groups than this and tokens carry the overage form (`_claim_names`/`_claim_sources`)
   * instead of `groups`. Default 200, Entra's limit for JWTs.
   */
  readonly groupsOverageLimit?: number;
}

/** One directory (tenant). */
export interface TenantConfig {
  /** The tenant id, a lower-case GUID. */
  readonly id: string;
  readonly displayName?: string;
  /** Domain names accepted in place of the GUID in every URL; the first is the initial domain. */
  readonly domains: readonly string[];
  /** `tenant_region_scope` of the discovery document. Default `NA`. */
  readonly regionScope?: string;
  /** Optional `tenant_region_sub_scope` (`GCC`, `DODCON`, ...). */
  readonly regionSubScope?: string;
  readonly users?: readonly UserConfig[];
  readonly groups?: readonly GroupConfig[];
  readonly applications?: readonly ApplicationConfig[];
  /** Multi-tenant applications of other tenants that were already consented here. */
  readonly servicePrincipals?: readonly ServicePrincipalConfig[];
}

/** A user, member or guest. */
export interface UserConfig {
  /** Object id in this tenant. */
  readonly oid: string;
  /** User principal name; guests have the `…#EXT#@domain` form. */
  readonly upn: string;
  readonly name: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly email?: string;
  /** The password the sign-in page accepts. */
  readonly password: string;
  /** What the user types at sign-in. Default `upn`; a guest types their home address. */
  readonly signInName?: string;
  /** Set for a guest: the tenant the user comes from (tokens get `acct: 1` and that tenant's `idp`). */
  readonly homeTenantId?: string;
  /** Object ids of the groups the user belongs to. */
  readonly groups?: readonly string[];
  /** App roles assigned to the user, by resource application id: role values. */
  readonly appRoles?: Readonly<Record<string, readonly string[]>>;
  /** Directory role template ids (`wids`). */
  readonly directoryRoles?: readonly string[];
  /** Authentication methods (`amr`). Default `["pwd"]`. */
  readonly amr?: readonly string[];
}

/** A security group. */
export interface GroupConfig {
  readonly id: string;
  readonly displayName: string;
  /** App roles assigned to the group's members, by resource application id. */
  readonly appRoles?: Readonly<Record<string, readonly string[]>>;
}

/** An app role a resource defines. */
export interface AppRoleConfig {
  readonly value: string;
  readonly allowedMemberTypes: readonly ('User' | 'Application')[];
  readonly id?: string;
  readonly displayName?: string;
}

/** Delegated and application permissions granted (admin consent) to a client. */
export interface GrantsConfig {
  /** Application permissions (app roles) by resource application id. */
  readonly appRoles?: Readonly<Record<string, readonly string[]>>;
  /** Delegated permissions (scope names) by resource application id, consented for every user. */
  readonly delegated?: Readonly<Record<string, readonly string[]>>;
}

/** A client secret. */
export interface SecretConfig {
  readonly value: string;
  /** ISO date after which the secret is refused (AADSTS7000222). Default: never. */
  readonly expires?: string | null;
}

/** A certificate credential: the public certificate, PEM. */
export interface CertificateConfig {
  readonly pem: string;
}

/** Redirect URIs by platform, as in the app registration's Authentication blade. */
export interface RedirectUrisConfig {
  readonly web?: readonly string[];
  readonly spa?: readonly string[];
  readonly publicClient?: readonly string[];
}

/** An application registration (and its service principal in the home tenant). */
export interface ApplicationConfig {
  readonly appId: string;
  readonly displayName: string;
  /** Service principal object id in the home tenant. Default: derived from the ids. */
  readonly servicePrincipalId?: string;
  readonly identifierUris?: readonly string[];
  /** Version of the access tokens issued for this resource. `null`/`1` → v1.0, `2` → v2.0. Default `null`. */
  readonly accessTokenAcceptedVersion?: 1 | 2 | null;
  /** Default `AzureADMyOrg` (single tenant). */
  readonly signInAudience?: 'AzureADMyOrg' | 'AzureADMultipleOrgs' | 'AzureADandPersonalMicrosoftAccount';
  /** Delegated permissions the app exposes (scope names). */
  readonly scopes?: readonly string[];
  readonly appRoles?: readonly AppRoleConfig[];
  /** When true, only users and apps assigned to a role get tokens for this resource. */
  readonly appRoleAssignmentRequired?: boolean;
  /** Which groups tokens for this resource carry. Default none. */
  readonly groupMembershipClaims?: 'None' | 'SecurityGroup' | 'All' | 'DirectoryRole' | 'ApplicationGroup' | null;
  /** Optional claims by token type, e.g. `{ accessToken: ["idtyp", "acct"] }`. */
  readonly optionalClaims?: { readonly accessToken?: readonly string[]; readonly idToken?: readonly string[] };
  readonly secrets?: readonly SecretConfig[];
  readonly certificates?: readonly CertificateConfig[];
  readonly redirectUris?: RedirectUrisConfig;
  /** "Allow public client flows": device code and public redirect URIs. Default false. */
  readonly isPublicClient?: boolean;
  /** Implicit and hybrid flows from the authorize endpoint. */
  readonly implicitGrant?: { readonly idToken?: boolean; readonly accessToken?: boolean };
  /** `auto` (default): sign-in consents to what is asked; `required`: only pre-granted scopes, else AADSTS65001. */
  readonly consent?: 'auto' | 'required';
  readonly grants?: GrantsConfig;
}

/** A multi-tenant application's service principal in a tenant other than its home. */
export interface ServicePrincipalConfig {
  readonly appId: string;
  readonly objectId?: string;
  /** Permissions granted in this tenant. */
  readonly grants?: GrantsConfig;
}
