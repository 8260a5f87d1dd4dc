// Type-only: teaches Fastify's types what the plugin decorates. No runtime code.
import type { Principal } from '@entra-guard/core';
import type { EntraGuardDecorator, EntraGuardRouteConfig } from './types.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, or `null` for an anonymous request on an optional route. */
    auth: Principal | null;
  }
  interface FastifyInstance {
    /** Added by `@entra-guard/fastify`: the guard and `require(policy)`. */
    entraGuard: EntraGuardDecorator;
  }
  interface FastifyContextConfig {
    /** `@entra-guard/fastify` settings of this route. */
    entraGuard?: EntraGuardRouteConfig;
  }
}
