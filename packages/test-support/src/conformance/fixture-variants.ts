// The app variants cases may ask for (guard and app options on top of the fixture's defaults).
import type { EntraGuardOptions } from '@entra-guard/core';
import type { ConformanceAppOptions } from './contract.js';
import { C2, ENTRA_ORIGIN, PROTECTED_RESOURCE, REVOCATION_FAILURE_TEXT, T, T2 } from './fixture-ids.js';

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
