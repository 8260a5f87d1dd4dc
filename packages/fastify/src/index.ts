// The whole public API of @entra-guard/fastify, on one screen.
import './augment.js';
import { entraGuardPlugin } from './plugin.js';

export { entraGuardPlugin };
export type { EntraGuardAdapterOptions, EntraGuardPluginOptions } from './options.js';
export type { EntraGuardDecorator, EntraGuardRouteConfig } from './types.js';

// Policies are core's plain data; re-exported so routes need one import.
export {
  allOf,
  anyOf,
  requireAppPermissions,
  requireAuthContext,
  requireGroups,
  requireScopes,
  requireScopesOrAppPermissions,
  requireTenant,
  requireUserRoles,
  type AppPrincipal,
  type EntraGuard,
  type EntraGuardOptions,
  type MatchOptions,
  type Policy,
  type PolicyContext,
  type Principal,
  type UserPrincipal,
} from '@entra-guard/core';

/**
 * Default export, so `app.register(import('@entra-guard/fastify'))` works.
 *
 * @example
 * ```ts
 * await app.register(import('@entra-guard/fastify'), { clientId, tenancy: { mode: 'single', tenantId } });
 * ```
 */
export default entraGuardPlugin;
