import type { EntraGuardOptions } from '@entra-guard/core';

/**
 * The contract every adapter's conformance app implements. The suite sends the same requests
 * to each adapter and expects identical status, `WWW-Authenticate` and body.
 *
 * Routes (success bodies are JSON; `P` = `{ ok: true, kind, tenantId, objectId }` of `req.auth`):
 * | route | requirement | success |
 * |---|---|---|
 * | `GET /public` | optional authentication (no token → anonymous; a bad token is still refused) | `{ ok: true, kind: <kind or null> }` |
 * | `GET /me` | authentication only | `P` |
 * | `GET /orders` | `requireScopesOrAppPermissions('Orders.Read', 'Orders.Read.All')` | `P` |
 * | `POST /orders` | `requireScopesOrAppPermissions('Orders.Write', 'Orders.ReadWrite.All')`, JSON body | `{ ...P, received: <parsed body> }` |
 * | `GET /user` | `requireScopes('Orders.Read')` | `P` |
 * | `GET /app` | `requireAppPermissions('Orders.Read.All')` | `P` |
 * | `GET /admin` | `requireUserRoles('Orders.Admin')` | `P` |
 * | `GET /tenants/:tenantId/orders` | `requireTenant('tenantId')` | `P` |
 * | `GET /export` | `requireAuthContext('c1')` | `P` |
 * | `GET /groups` | `requireGroups(CONFORMANCE_GROUP)` | `P` |
 * | `GET /.well-known/oauth-protected-resource` | none; served only when `protectedResource` is set | the RFC 9728 document |
 *
 * Unknown routes answer 404 (framework default is fine: the suite does not compare 404 bodies).
 */
export interface ConformanceAppOptions {
  /** Options for the guard the app creates (keys, tenancy, clock, revocation ...). */
  readonly guard: EntraGuardOptions;
  /** Accept valid tokens with neither `scp` nor `roles` (default: refused with 403 EG_NO_PERMISSIONS). */
  readonly allowTokensWithoutPermissions?: boolean;
  /** When set, serve RFC 9728 metadata and add `resource_metadata` to 401 challenges. */
  readonly protectedResource?: { readonly resource: string; readonly authorizationServers: readonly string[] };
}

/** A started app, listening on 127.0.0.1 with port 0. */
export interface RunningApp {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

export type ConformanceAppFactory = (options: ConformanceAppOptions) => Promise<RunningApp>;

/** The group object id `GET /groups` requires. */
export const CONFORMANCE_GROUP = '11111111-0000-4000-8000-000000000001';
