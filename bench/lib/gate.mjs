/**
 * The correctness gate, run on every candidate server before it is timed: every good token must
 * be answered 200, every bad one refused with a 4xx. The no-auth baseline is exempt (it checks
 * nothing by design, and is only ever a denominator).
 */
import { get } from './http.mjs';

/**
 * @typedef {object} GateResult
 * @property {boolean} passed
 * @property {string[]} failures  one line per token answered wrongly
 */

/**
 * @param {number} port
 * @param {import('./tokens.mjs').TokenSets} tokens
 * @returns {Promise<GateResult>}
 */
export async function runGate(port, tokens) {
  /** @type {string[]} */
  const failures = [];
  for (const { name, authorization } of tokens.good) {
    const { status } = await get(port, '/', { authorization });
    if (status !== 200) failures.push(`refused a good token (${name}): ${status}`);
  }
  for (const { name, authorization } of tokens.bad) {
    const { status } = await get(port, '/', authorization === undefined ? {} : { authorization });
    if (status < 400 || status > 499) failures.push(`accepted or failed on a bad token (${name}): ${status}`);
  }
  // The good tokens again: a refusal above must not have broken the key cache.
  const again = await get(port, '/', { authorization: tokens.good[0].authorization });
  if (again.status !== 200) failures.push(`refused a good token after the bad ones: ${again.status}`);
  return { passed: failures.length === 0, failures };
}
