import { createHash } from 'node:crypto';

/**
 * Single-flight refreshes. With rotation, a refresh token works once: two tabs (or a double
 * click) sending the same session cookie at the same moment must not both redeem it, or the
 * second gets `invalid_grant` and signs the user out. Requests with the same refresh token share
 * one grant while it runs, and for a few seconds after it (the second tab's request may arrive
 * just after the first finished) get its result, rotated refresh token included.
 *
 * Keys are SHA-256 digests of the refresh tokens; results are kept for `graceMs` only, in this
 * process's memory (several instances behind a balancer each have their own).
 */
export interface RefreshFlights<T> {
  run(refreshToken: string, work: () => Promise<T>): Promise<T>;
}

const MAX_RECENT = 1000;

export function createRefreshFlights<T>(graceMs = 10_000, now: () => number = Date.now): RefreshFlights<T> {
  const running = new Map<string, Promise<T>>();
  const recent = new Map<string, { readonly result: T; readonly until: number }>();

  function sweep(at: number): void {
    for (const [key, entry] of recent) {
      if (entry.until > at && recent.size <= MAX_RECENT) break;
      recent.delete(key);
    }
  }

  return {
    run(refreshToken, work) {
      const at = now();
      sweep(at);
      const key = createHash('sha256').update(refreshToken).digest('base64url');
      const done = recent.get(key);
      if (done !== undefined && done.until > at) return Promise.resolve(done.result);
      const pending = running.get(key);
      if (pending !== undefined) return pending;
      const flight = work().then(
        (result) => {
          running.delete(key);
          recent.set(key, { result, until: now() + graceMs });
          return result;
        },
        (err: unknown) => {
          running.delete(key);
          throw err;
        },
      );
      running.set(key, flight);
      return flight;
    },
  };
}
