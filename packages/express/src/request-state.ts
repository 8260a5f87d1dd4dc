import type { EntraGuard, HttpResponseOptions, Principal } from '@entra-guard/core';

/** What `entraAuth()` leaves on a request for the policy middleware and the error handler. */
export interface RequestState {
  readonly guard: EntraGuard;
  /** The validated caller; undefined for an anonymous request let through by `optional`. */
  readonly principal: Principal | undefined;
  /** How errors for this request are rendered (realm, resource metadata URL). */
  readonly http: HttpResponseOptions;
  /** Receives unexpected (non-entra-guard) errors before the generic 500 goes out. */
  readonly report: (error: unknown) => void;
}

// Kept under a symbol no other module can name, rather than in a plain property: nothing another
// middleware writes onto `req` (another auth library also calls its result `req.auth`) can pose
// as a validated principal. Not in a WeakMap: one ephemeron per request made the garbage
// collector the largest cost of a cached-token request (bench/PROFILE.md).
const STATE: unique symbol = Symbol('entra-guard.request-state');

interface Carrier {
  [STATE]?: RequestState;
}

export function setRequestState(req: object, state: RequestState): void {
  // A plain assignment (defineProperty costs more per request); JSON never sees symbol keys.
  (req as Carrier)[STATE] = state;
}

export function requestState(req: object): RequestState | undefined {
  return (req as Carrier)[STATE];
}
