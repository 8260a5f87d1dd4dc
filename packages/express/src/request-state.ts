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

// Keyed by the request object rather than stored on it: nothing another middleware writes onto
// `req` (another auth library also calls its result `req.auth`) can pose as a validated principal,
// and the entry disappears with the request.
const states = new WeakMap<object, RequestState>();

export function setRequestState(req: object, state: RequestState): void {
  states.set(req, state);
}

export function requestState(req: object): RequestState | undefined {
  return states.get(req);
}
