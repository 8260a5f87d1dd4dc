/**
 * Counts calls to node:crypto's `verify`, for the cache hit rate: a validator with a token
 * cache verifies a signature only on a miss, so hits = requests - verifies. The wrapper is one
 * extra function call per verify (nanoseconds against a 30–50 µs RSA verify) and is installed in
 * every candidate process alike. ESM importers of `verify` see it through
 * `syncBuiltinESMExports`.
 */
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';

let verifies = 0;

/** Installs the counting wrapper once. */
export function installVerifyCounter() {
  const original = crypto.verify;
  if (/** @type {any} */ (original).benchCounted) return;
  /** @type {typeof crypto.verify} */
  const counted = /** @type {any} */ (
    function countedVerify(/** @type {any[]} */ ...args) {
      verifies++;
      // @ts-expect-error -- same arguments, passed through
      return original.apply(this, args);
    }
  );
  /** @type {any} */ (counted).benchCounted = true;
  crypto.verify = counted;
  syncBuiltinESMExports();
}

/** @returns {number} verifies since start-up */
export function verifyCount() {
  return verifies;
}
