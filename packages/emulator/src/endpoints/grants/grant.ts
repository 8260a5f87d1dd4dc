import type { EmulatorContext } from '../../context.js';
import type { EmulatorRequest } from '../../http/request.js';
import type { Segment } from '../../tenants/segment.js';
import { EntraError } from '../../errors/entra-error.js';

/** What a grant handler returns: the token response and, for SPA grants, the origin CORS must allow. */
export interface GrantResult {
  readonly body: Record<string, unknown>;
  readonly corsOrigin?: string;
}

/** One grant type (one file per grant, like node-oidc-provider's actions). */
export type GrantHandler = (ctx: EmulatorContext, req: EmulatorRequest, segment: Segment) => GrantResult;

/** A required form parameter; AADSTS900144 when absent. */
export function required(req: EmulatorRequest, name: string): string {
  const value = req.form[name];
  if (value === undefined || value.length === 0) throw new EntraError('missingParameter', { name });
  return value;
}

/**
 * Entra's rule for browser redemption (spec §2.6.2): grants bound to a SPA redirect URI must come
 * cross-origin (with `Origin`), and other grants must not. Returns the origin CORS should allow.
 */
export function checkOrigin(req: EmulatorRequest, isSpa: boolean): string | undefined {
  if (isSpa && req.origin === undefined) throw new EntraError('spaNeedsOrigin');
  if (!isSpa && req.origin !== undefined) throw new EntraError('crossOriginNonSpa', { origin: req.origin });
  return isSpa ? req.origin : undefined;
}
