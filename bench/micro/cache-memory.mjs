/**
 * Memory of the validated-token cache at N entries. A guard is created and N distinct tokens
 * validated through it, and the growth of heap + off-heap memory (after full GCs) is taken;
 * the same with `tokenCache: false` is what is not the cache (the guard, its keys, compiled
 * code), and the difference is the cache (its entries, keys and preallocated arrays). Run
 * with --expose-gc. Prints one BENCH_MEMORY JSON line.
 *
 * `node --expose-gc micro/cache-memory.mjs <pool-file>`
 */
import { readFileSync } from 'node:fs';
import { createEntraGuard } from '../../packages/core/dist/index.js';
import { readConfig } from '../servers/shared/config.mjs';
import { entraOptions } from '../servers/shared/entra-options.mjs';
import { installVerifyCounter, verifyCount } from '../servers/verify-counter.mjs';

installVerifyCounter();
const gc = /** @type {() => void} */ (globalThis.gc);
if (typeof gc !== 'function') throw new Error('run with --expose-gc');

/** @returns {number} heap and off-heap (typed arrays) bytes in use after full collections */
function settledBytes() {
  for (let i = 0; i < 4; i++) gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

const tokens = readFileSync(process.argv[2] ?? '', 'utf8').split('\n').filter(Boolean);
const config = readConfig();

/**
 * @param {false | undefined} tokenCache
 * @returns {Promise<{ bytes: number, verifiesOnSecondPass: number, guard: any }>} growth of memory, guard included
 */
async function fill(tokenCache) {
  const before = settledBytes();
  const guard = createEntraGuard(entraOptions(config, tokenCache === false ? { tokenCache: false } : {}));
  await guard.ready();
  for (const token of tokens) await guard.validateToken(token);
  const bytes = settledBytes() - before;
  const verifies = verifyCount();
  for (const token of tokens) await guard.validateToken(token);
  return { bytes, verifiesOnSecondPass: verifyCount() - verifies, guard };
}

// A first pass compiles the validation code, so neither reading below includes it.
(await fill(false)).guard.close();
const withoutCache = await fill(false);
const withCache = await fill(undefined);
const cacheBytes = withCache.bytes - withoutCache.bytes;
const result = {
  entries: tokens.length,
  cacheBytes,
  bytesPerEntry: cacheBytes / tokens.length,
  withCacheBytes: withCache.bytes,
  // 0 means every token was still cached on the second pass (the cache really held N entries).
  verifiesOnSecondPass: withCache.verifiesOnSecondPass,
  noCacheBytes: withoutCache.bytes,
};
withCache.guard.close();
withoutCache.guard.close();
process.stdout.write(`BENCH_MEMORY ${JSON.stringify(result)}\n`);
