import { derivedGuid } from '../tokens/ids.js';
import type { ApplicationConfig, EmulatorConfig, GrantsConfig, GroupConfig, TenantConfig, UserConfig } from './config-types.js';
import { GRAPH_APP, GRAPH_APP_ID } from './graph.js';

/** A tenant with its lookups built. */
export interface Tenant {
  readonly id: string;
  readonly displayName: string;
  readonly domains: readonly string[];
  readonly regionScope: string;
  readonly regionSubScope: string | undefined;
  readonly users: readonly UserConfig[];
  readonly groups: ReadonlyMap<string, GroupConfig>;
}

/** An application as seen from one tenant: its service principal there, and what that tenant granted. */
export interface ServicePrincipal {
  readonly app: ApplicationConfig;
  /** The tenant where the application is registered; undefined for Microsoft's built-in apps. */
  readonly homeTenantId: string | undefined;
  readonly tenantId: string;
  readonly objectId: string;
  readonly grants: GrantsConfig;
}

/** Entra's group limit for JWTs; above it tokens carry the overage form instead of `groups`. */
export const DEFAULT_GROUPS_OVERAGE_LIMIT = 200;

const key = (...parts: readonly string[]): string => parts.join('|');

/**
 * The directory built from a validated configuration, plus what changes at run time: service
 * principals created when a user of another tenant consents to a multi-tenant app, and the
 * delegated permissions users consented to. A reset builds a new one.
 */
export class Directory {
  readonly tenants: readonly Tenant[];
  readonly groupsOverageLimit: number;
  readonly #bySegment = new Map<string, Tenant>();
  readonly #apps = new Map<string, { readonly app: ApplicationConfig; readonly home: string }>();
  readonly #configuredSps = new Map<string, ServicePrincipal>();
  readonly #consentedSps = new Map<string, ServicePrincipal>();
  readonly #userConsent = new Map<string, Set<string>>();

  constructor(config: EmulatorConfig) {
    this.groupsOverageLimit = config.groupsOverageLimit ?? DEFAULT_GROUPS_OVERAGE_LIMIT;
    this.tenants = config.tenants.map((t) => this.#addTenant(t));
    for (const t of config.tenants) {
      for (const sp of t.servicePrincipals ?? []) {
        const entry = this.#apps.get(sp.appId);
        if (entry === undefined) continue;
        this.#configuredSps.set(key(t.id, sp.appId), {
          app: entry.app,
          homeTenantId: entry.home,
          tenantId: t.id,
          objectId: sp.objectId ?? derivedGuid('service-principal', t.id, sp.appId),
          grants: sp.grants ?? {},
        });
      }
    }
  }

  #addTenant(t: TenantConfig): Tenant {
    const tenant: Tenant = {
      id: t.id,
      displayName: t.displayName ?? t.domains[0] ?? t.id,
      domains: t.domains,
      regionScope: t.regionScope ?? 'NA',
      regionSubScope: t.regionSubScope,
      users: t.users ?? [],
      groups: new Map((t.groups ?? []).map((g) => [g.id, g])),
    };
    this.#bySegment.set(t.id, tenant);
    for (const d of t.domains) this.#bySegment.set(d.toLowerCase(), tenant);
    for (const app of t.applications ?? []) this.#apps.set(app.appId, { app, home: t.id });
    return tenant;
  }

  /** A tenant by the path segment clients use: its GUID or one of its domains. */
  tenant(segment: string): Tenant | undefined {
    return this.#bySegment.get(segment.toLowerCase());
  }

  /** An application registration anywhere in the directory. */
  application(appId: string): { readonly app: ApplicationConfig; readonly homeTenantId: string } | undefined {
    const entry = this.#apps.get(appId);
    return entry === undefined ? undefined : { app: entry.app, homeTenantId: entry.home };
  }

  /** Every registered application id, in configuration order. */
  applicationIds(): readonly string[] {
    return [...this.#apps.keys()];
  }

  /** The application's service principal in `tenantId`, if one exists (home, configured or consented). */
  servicePrincipal(appId: string, tenantId: string): ServicePrincipal | undefined {
    if (appId === GRAPH_APP_ID) {
      return { app: GRAPH_APP, homeTenantId: undefined, tenantId, objectId: derivedGuid('service-principal', tenantId, appId), grants: {} };
    }
    const entry = this.#apps.get(appId);
    if (entry === undefined) return undefined;
    if (entry.home === tenantId) {
      return {
        app: entry.app,
        homeTenantId: entry.home,
        tenantId,
        objectId: entry.app.servicePrincipalId ?? derivedGuid('service-principal', tenantId, appId),
        grants: entry.app.grants ?? {},
      };
    }
    return this.#configuredSps.get(key(tenantId, appId)) ?? this.#consentedSps.get(key(tenantId, appId));
  }

  /**
   * Creates the service principal of a multi-tenant application in `tenantId`, as Entra does
   * when a user of that tenant first consents. Returns undefined for single-tenant apps.
   */
  consentServicePrincipal(appId: string, tenantId: string): ServicePrincipal | undefined {
    const existing = this.servicePrincipal(appId, tenantId);
    if (existing !== undefined) return existing;
    const entry = this.#apps.get(appId);
    if (entry === undefined || (entry.app.signInAudience ?? 'AzureADMyOrg') === 'AzureADMyOrg') return undefined;
    const sp: ServicePrincipal = {
      app: entry.app,
      homeTenantId: entry.home,
      tenantId,
      objectId: derivedGuid('service-principal', tenantId, appId),
      grants: {},
    };
    this.#consentedSps.set(key(tenantId, appId), sp);
    return sp;
  }

  /**
   * A resource by the identifier a client wrote in a scope: its application id or one of its
   * identifier URIs (a trailing slash is tolerated, as Entra does). Only resources with a
   * service principal in the tenant are found.
   */
  resource(identifier: string, tenantId: string): ServicePrincipal | undefined {
    const normalized = identifier.replace(/\/+$/, '').toLowerCase();
    if (this.#apps.has(identifier) || identifier === GRAPH_APP_ID) return this.servicePrincipal(identifier, tenantId);
    const uriMatch = (app: ApplicationConfig): boolean => (app.identifierUris ?? []).some((u) => u.replace(/\/+$/, '').toLowerCase() === normalized);
    if (uriMatch(GRAPH_APP)) return this.servicePrincipal(GRAPH_APP_ID, tenantId);
    for (const { app } of this.#apps.values()) if (uriMatch(app)) return this.servicePrincipal(app.appId, tenantId);
    return undefined;
  }

  /** A user by object id. */
  user(tenantId: string, oid: string): UserConfig | undefined {
    return this.tenant(tenantId)?.users.find((u) => u.oid === oid);
  }

  /**
   * The account a sign-in name designates. With a tenant-specific authority the user (member or
   * guest) must be in that tenant; with `common`/`organizations` the user's home account is used.
   */
  findSignIn(tenantId: string | undefined, name: string): { readonly tenant: Tenant; readonly user: UserConfig } | undefined {
    const wanted = name.trim().toLowerCase();
    const matches = (u: UserConfig): boolean => (u.signInName ?? u.upn).toLowerCase() === wanted || u.oid === wanted;
    const candidates = tenantId === undefined ? this.tenants : this.tenants.filter((t) => t.id === tenantId);
    for (const tenant of candidates) {
      const user = tenant.users.find((u) => matches(u) && (tenantId !== undefined || u.homeTenantId === undefined));
      if (user !== undefined) return { tenant, user };
    }
    return undefined;
  }

  /** Delegated permissions consented for this user and client on a resource: admin grants plus the user's own. */
  consentedScopes(tenantId: string, userOid: string, client: ServicePrincipal, resourceAppId: string): ReadonlySet<string> {
    const granted = client.grants.delegated?.[resourceAppId] ?? [];
    const own = this.#userConsent.get(key(tenantId, userOid, client.app.appId, resourceAppId)) ?? [];
    return new Set([...granted, ...own]);
  }

  /** Records a user's consent, given on the sign-in page (auto-consent). */
  recordConsent(tenantId: string, userOid: string, clientAppId: string, resourceAppId: string, scopes: readonly string[]): void {
    const k = key(tenantId, userOid, clientAppId, resourceAppId);
    const set = this.#userConsent.get(k) ?? new Set<string>();
    for (const s of scopes) set.add(s);
    this.#userConsent.set(k, set);
  }

  /** App-role values assigned to the user directly or through groups, limited to roles the resource lets users hold. */
  userRoles(tenant: Tenant, user: UserConfig, resource: ApplicationConfig): readonly string[] {
    const assigned = new Set(user.appRoles?.[resource.appId] ?? []);
    for (const g of user.groups ?? []) for (const r of tenant.groups.get(g)?.appRoles?.[resource.appId] ?? []) assigned.add(r);
    const allowed = (resource.appRoles ?? []).filter((r) => r.allowedMemberTypes.includes('User')).map((r) => r.value);
    return allowed.filter((r) => assigned.has(r));
  }

  /** App-role values granted to a client application on a resource (application permissions). */
  appRoles(client: ServicePrincipal, resource: ApplicationConfig): readonly string[] {
    const granted = new Set(client.grants.appRoles?.[resource.appId] ?? []);
    const allowed = (resource.appRoles ?? []).filter((r) => r.allowedMemberTypes.includes('Application')).map((r) => r.value);
    return allowed.filter((r) => granted.has(r));
  }
}
