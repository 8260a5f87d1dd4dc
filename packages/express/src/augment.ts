// Types `req.auth` once for every Express app that imports this package (declaration merging
// into the global `Express.Request` that @types/express builds its Request on).
import type { Principal } from '@entra-guard/core';

declare global {
  // Declaration merging only works through the namespace @types/express declares.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /**
       * The caller, set by `entraAuth()` once the token is valid. `undefined` on anonymous
       * requests let through by `entraAuth(..., { optional: true })`.
       *
       * Policies and `requireAuth()` do not read this property: they read what `entraAuth()`
       * recorded for the request, so another library writing `req.auth` cannot change a decision.
       */
      auth?: Principal;
    }
  }
}

export {};
