/**
 * Runs the load generator on the load core and returns what it measured. wrk (Debian's) when
 * it is installed, else autocannon (in this package) in a child process on the same core.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BENCH_DIR, LUA_DIR } from './paths.mjs';
import { LOAD_CORE, pinned } from './pinning.mjs';

const run = promisify(execFile);

/**
 * @typedef {{ kind: 'repeat', token: string } | { kind: 'rotate', file: string, mode: 'random' | 'sequential', seed: number }} LoadPattern
 */

/**
 * @typedef {object} LoadResult
 * @property {number} requests   completed requests
 * @property {number} seconds    measured duration
 * @property {number} rps
 * @property {number} p50Us
 * @property {number} p99Us
 * @property {number} failed     socket errors, timeouts and HTTP statuses ≥ 400
 * @property {number} reused     cold workload only: requests that re-sent a token
 */

/**
 * @param {string} stdout
 * @returns {LoadResult}
 */
function parse(stdout) {
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (line === undefined) throw new Error(`load generator printed no result:\n${stdout.slice(-2000)}`);
  const r = JSON.parse(line.slice('BENCH_JSON '.length));
  const e = r.errors;
  const seconds = r.durationUs / 1e6;
  return {
    requests: r.requests,
    seconds,
    rps: r.requests / seconds,
    p50Us: r.p50Us,
    p99Us: r.p99Us,
    failed: e.connect + e.read + e.write + e.status + e.timeout,
    reused: r.reused,
  };
}

/**
 * @param {'wrk' | 'autocannon'} tool
 * @param {{ port: number, seconds: number, connections: number, pattern: LoadPattern }} job
 * @returns {Promise<LoadResult>}
 */
export async function runLoad(tool, { port, seconds, connections, pattern }) {
  const url = `http://127.0.0.1:${port}/`;
  const timeout = (seconds + 60) * 1000;
  if (tool === 'autocannon') {
    const spec = JSON.stringify({ url, seconds, connections, pattern });
    const [command, args] = pinned(LOAD_CORE, process.execPath, [join(BENCH_DIR, 'lib', 'autocannon-runner.mjs'), spec]);
    const { stdout } = await run(command, args, { timeout, maxBuffer: 1 << 24 });
    return parse(stdout);
  }
  const common = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s'];
  const wrkArgs =
    pattern.kind === 'repeat'
      ? [...common, '-H', `Authorization: Bearer ${pattern.token}`, '-s', join(LUA_DIR, 'repeat.lua'), url]
      : [...common, '-s', join(LUA_DIR, 'rotate.lua'), url, '--', pattern.file, pattern.mode, String(pattern.seed)];
  const [command, args] = pinned(LOAD_CORE, 'wrk', wrkArgs);
  const { stdout } = await run(command, args, { timeout, maxBuffer: 1 << 24 });
  return parse(stdout);
}
