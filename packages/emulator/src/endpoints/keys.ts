import type { EmulatorContext } from '../context.js';
import type { Segment } from '../tenants/segment.js';
import { keyIssuer } from './openid-configuration.js';

/**
 * `GET /{tenant}/discovery/v2.0/keys` and `/{tenant}/discovery/keys` (spec §2.4): the same keys;
 * only v2 keys carry `issuer`. `?appid=` would select app-specific keys; the emulator has none,
 * so it returns the tenant's.
 */
export function keysDocument(ctx: EmulatorContext, segment: Segment, version: 1 | 2): unknown {
  const cloudInstanceName = ctx.options.keyCloudInstanceName ? 'microsoftonline.com' : undefined;
  return ctx.keys.jwks({
    ...(version === 2 ? { issuer: keyIssuer(ctx, segment) } : {}),
    ...(cloudInstanceName === undefined ? {} : { cloudInstanceName }),
  });
}
