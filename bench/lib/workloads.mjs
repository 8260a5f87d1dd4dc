/**
 * The three workloads, in the order they run inside one candidate process:
 *   repeated — one token sent over and over (best case: a cache serves it after the first request);
 *   pool     — 10 000 users, each request from a user picked at random, each user always sending
 *              their own token (the cache is warmed with every user's token first);
 *   cold     — tokens the process has never seen, each sent once (no cache can help).
 */

export const WORKLOADS = /** @type {const} */ (['repeated', 'pool', 'cold']);

/** @typedef {(typeof WORKLOADS)[number]} WorkloadName */

export const WORKLOAD_TITLES = Object.freeze({
  repeated: 'One token repeated',
  pool: '10 000-user pool (each user reuses their own token)',
  cold: 'Cold path (every token seen once)',
});

/**
 * @param {WorkloadName} name
 * @param {import('./tokens.mjs').TokenSets} tokens
 * @param {number} seed
 * @returns {import('./load.mjs').LoadPattern}
 */
export function patternFor(name, tokens, seed) {
  if (name === 'repeated') return { kind: 'repeat', token: tokens.repeated };
  if (name === 'pool') return { kind: 'rotate', file: tokens.files.pool, mode: 'random', seed };
  return { kind: 'rotate', file: tokens.files.cold, mode: 'sequential', seed };
}
