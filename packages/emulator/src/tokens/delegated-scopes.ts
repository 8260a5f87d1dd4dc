import type { EmulatorContext } from '../context.js';
import { EntraError } from '../errors/entra-error.js';
import type { ServicePrincipal, Tenant } from '../tenants/directory.js';
import { GRAPH_APP_ID } from '../tenants/graph.js';
import { OIDC_SCOPES, type ResourceScopes } from '../tenants/scopes.js';

/** A resource and the scopes of it a token will carry. */
export interface GrantedResource {
  readonly resource: ServicePrincipal;
  readonly asWritten: string;
  /** Scope names for `scp`. */
  readonly names: readonly string[];
  /** The same scopes written as the client writes them, for the response's `scope`. */
  readonly written: readonly string[];
}

/** Finds the resource a client names; AADSTS500011 if the tenant has no such service principal. */
export function findResource(ctx: EmulatorContext, tenant: Tenant, client: ServicePrincipal, asWritten: string): ServicePrincipal {
  const resource = ctx.directory.resource(asWritten, tenant.id);
  if (resource === undefined) throw new EntraError('resourceNotFound', { resource: asWritten, tenant: tenant.domains[0] ?? tenant.id });
  // A client asking for itself must use its GUID, not an identifier URI (AADSTS90009).
  if (resource.app.appId === client.app.appId && asWritten !== client.app.appId) {
    throw new EntraError('selfByUri', { appId: client.app.appId, name: client.app.displayName });
  }
  return resource;
}

/** Checks that every named scope is exposed by the resource (Graph's list is open-ended). */
export function checkExposed(resource: ServicePrincipal, requested: ResourceScopes, client: ServicePrincipal, onAuthorize: boolean): void {
  if (resource.app.appId === GRAPH_APP_ID) return;
  for (const name of requested.names) {
    if (name === '.default' || (resource.app.scopes ?? []).includes(name)) continue;
    if (onAuthorize) throw new EntraError('scopeNotExposed', { name: client.app.displayName, scope: `${requested.resource}/${name}`, resource: resource.app.appId });
    throw new EntraError('invalidScope', { scope: `${requested.resource}/${name}` });
  }
}

/**
 * The delegated scopes a token for `requested` will carry: the named ones if the user (or an
 * admin) consented to all of them, or everything consented for `/.default`. Missing consent is
 * AADSTS65001 with `suberror: consent_required`, the shape MSAL turns into an
 * InteractionRequiredAuthError.
 */
export function grantDelegated(ctx: EmulatorContext, tenant: Tenant, userOid: string, client: ServicePrincipal, requested: ResourceScopes): GrantedResource {
  const resource = findResource(ctx, tenant, client, requested.resource);
  checkExposed(resource, requested, client, false);
  const consented = ctx.directory.consentedScopes(tenant.id, userOid, client, resource.app.appId);
  const missingConsent = (): never => {
    throw new EntraError('consentRequired', { appId: client.app.appId, name: client.app.displayName });
  };
  if (requested.names.includes('.default')) {
    const names = [...consented].filter((s) => !OIDC_SCOPES.has(s));
    if (names.length === 0) missingConsent();
    const prefix = requested.resource === GRAPH_APP_ID ? 'https://graph.microsoft.com' : requested.resource;
    return { resource, asWritten: requested.resource, names, written: names.map((n) => `${prefix}/${n}`) };
  }
  if (requested.names.some((n) => !consented.has(n))) missingConsent();
  return { resource, asWritten: requested.resource, names: requested.names, written: requested.written };
}
