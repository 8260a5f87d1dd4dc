/** Runs the micro-benchmark and the cache-memory measurement, each in a child on the server core. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BENCH_DIR } from './paths.mjs';
import { pinned, SERVER_CORE } from './pinning.mjs';

const run = promisify(execFile);

/**
 * @param {string} script   under micro/
 * @param {string[]} nodeArgs
 * @param {string[]} args
 * @param {Record<string, string>} env
 * @param {string} marker   the result line's prefix
 */
async function child(script, nodeArgs, args, env, marker) {
  const [command, argv] = pinned(SERVER_CORE, process.execPath, [...nodeArgs, join(BENCH_DIR, 'micro', script), ...args]);
  const { stdout } = await run(command, argv, { env: { ...process.env, NODE_ENV: 'production', ...env }, timeout: 180_000, maxBuffer: 1 << 24 });
  const line = stdout.split('\n').find((l) => l.startsWith(`${marker} `));
  if (line === undefined) throw new Error(`${script} printed no ${marker} line:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice(marker.length + 1));
}

/**
 * @param {import('./tokens.mjs').TokenSets} tokens
 * @param {Record<string, string>} env
 * @param {number} msPerTask
 */
export function runMicro(tokens, env, msPerTask) {
  return child('validate-token.mjs', [], [tokens.files.repeated, tokens.files.pool, tokens.files.cold, String(msPerTask)], env, 'BENCH_MICRO');
}

/**
 * @param {import('./tokens.mjs').TokenSets} tokens
 * @param {Record<string, string>} env
 */
export function runCacheMemory(tokens, env) {
  return child('cache-memory.mjs', ['--expose-gc'], [tokens.files.pool], env, 'BENCH_MEMORY');
}
