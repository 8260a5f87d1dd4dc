import type { EmulatorContext } from '../context.js';
import { EntraError } from '../errors/entra-error.js';
import type { Tenant } from './directory.js';

/** Tenant-independent path segments (emulator spec §1.4). */
export type Audience = 'common' | 'organizations' | 'consumers';

/** The personal-account (MSA) tenant. */
export const CONSUMERS_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** What a `/{tenant}/…` segment designates. */
export type Segment = { readonly kind: 'tenant'; readonly tenant: Tenant; readonly segment: string } | { readonly kind: Audience; readonly segment: string };

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/**
 * Resolves a tenant path segment: a GUID or any configured domain, or `common`,
 * `organizations`, `consumers` (the last only when the MSA tenant is configured, as the spec
 * says). Throws AADSTS90002 (unknown) or AADSTS900021 (empty GUID) otherwise.
 */
export function resolveSegment(ctx: EmulatorContext, segment: string): Segment {
  const lower = segment.toLowerCase();
  if (lower === 'common' || lower === 'organizations') return { kind: lower, segment: lower };
  if (lower === 'consumers') {
    if (ctx.directory.tenant(CONSUMERS_TENANT_ID) !== undefined) return { kind: 'consumers', segment: lower };
    throw new EntraError('tenantNotFound', { tenant: segment });
  }
  if (lower === EMPTY_GUID) throw new EntraError('tenantEmptyGuid', { tenant: segment });
  const tenant = ctx.directory.tenant(lower);
  if (tenant === undefined) throw new EntraError('tenantNotFound', { tenant: segment });
  return { kind: 'tenant', tenant, segment };
}

/** The tenant a tenant-specific segment names; tenant-independent segments are refused with AADSTS9001023. */
export function requireTenant(segment: Segment): Tenant {
  if (segment.kind === 'tenant') return segment.tenant;
  throw new EntraError('grantOnCommon');
}

/** Whether a grant minted for `tenantId` may be redeemed on this segment. */
export function segmentAllows(segment: Segment, tenantId: string): boolean {
  if (segment.kind === 'tenant') return segment.tenant.id === tenantId;
  return segment.kind !== 'consumers' || tenantId === CONSUMERS_TENANT_ID;
}
