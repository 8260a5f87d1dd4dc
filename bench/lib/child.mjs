/**
 * One candidate server in its own child process (fresh heap), pinned to the server core, with
 * its side endpoint for CPU time and verify counts.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { pinned, SERVER_CORE } from './pinning.mjs';
import { getJson } from './http.mjs';
import { PROFILES_DIR, SERVE_SCRIPT } from './paths.mjs';

/**
 * @typedef {object} ServerStats
 * @property {number} cpuUs     user + system CPU of the server process since it started, µs
 * @property {number} verifies  node:crypto verify calls since it started
 * @property {number} heapUsed
 * @property {number} rss
 */

/**
 * @typedef {object} RunningServer
 * @property {number} port
 * @property {() => Promise<ServerStats>} stats
 * @property {() => Promise<void>} stop
 */

const READY_TIMEOUT_MS = 30_000;

/**
 * @param {string} name  `<framework>/<candidate>`
 * @param {Record<string, string>} env
 * @param {{ cpuProf?: boolean }} [options]
 * @returns {Promise<RunningServer>}
 */
export async function startServer(name, env, options = {}) {
  const nodeArgs = [];
  if (options.cpuProf) {
    mkdirSync(PROFILES_DIR, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${PROFILES_DIR}`, `--cpu-prof-name=${name.replace('/', '-')}-${Date.now()}.cpuprofile`);
  }
  const [command, args] = pinned(SERVER_CORE, process.execPath, [...nodeArgs, SERVE_SCRIPT, name]);
  const child = spawn(command, args, { env: { ...process.env, NODE_ENV: 'production', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const ready = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`${name}: not ready after ${READY_TIMEOUT_MS} ms\n${stderr}`)), READY_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH_READY '));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice('BENCH_READY '.length)));
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited before ready (code ${code}, signal ${signal})\n${stderr}`));
    });
  });

  return {
    port: ready.port,
    stats: () => getJson(ready.statsPort, '/stats'),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(kill);
    },
  };
}
