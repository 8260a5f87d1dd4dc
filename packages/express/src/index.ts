// The public API of @entra-guard/express.
import './augment.js';

export { entraAuth, type EntraAuthMiddleware } from './entra-auth.js';
export type { EntraAuthOptions } from './options.js';
export type { ExpressMiddleware } from './middleware-type.js';
export {
  allOf,
  anyOf,
  requireAppPermissions,
  requireAuthContext,
  requireGroups,
  requirePolicy,
  requireScopes,
  requireScopesOrAppPermissions,
  requireTenant,
  requireUserRoles,
  type ExpressPolicyContext,
  type ExpressTenantSource,
  type PolicyMiddleware,
} from './policies.js';
export { requireAuth } from './require-auth.js';
export { entraErrorHandler } from './error-handler.js';
export { protectedResourceHandler } from './protected-resource.js';
