/**
 * One measured run of one workload against one running candidate: the load generator's
 * throughput and latency, plus the server's own CPU time and verify count over the same window.
 */
import { runLoad } from './load.mjs';
import { coreBusy } from './procstat.mjs';
import { SERVER_CORE } from './pinning.mjs';

/**
 * @typedef {import('./load.mjs').LoadResult & {
 *   cpuUsPerReq: number,
 *   verifies: number,
 *   hitRate: number,
 *   foreignCoreShare: number | undefined,
 * }} Measurement
 */

/**
 * @param {import('./child.mjs').RunningServer} server
 * @param {'wrk' | 'autocannon'} tool
 * @param {{ seconds: number, connections: number, pattern: import('./load.mjs').LoadPattern }} job
 * @returns {Promise<Measurement>}
 */
export async function measure(server, tool, job) {
  const before = await server.stats();
  const coresBefore = coreBusy();
  const started = process.hrtime.bigint();
  const load = await runLoad(tool, { port: server.port, ...job });
  const wallUs = Number(process.hrtime.bigint() - started) / 1000;
  const coresAfter = coreBusy();
  const after = await server.stats();
  const cpuUs = after.cpuUs - before.cpuUs;
  const verifies = after.verifies - before.verifies;
  let foreignCoreShare;
  if (coresBefore !== undefined && coresAfter !== undefined) {
    const core = `cpu${SERVER_CORE}`;
    const busy = (coresAfter.get(core) ?? 0) - (coresBefore.get(core) ?? 0);
    foreignCoreShare = Math.max(0, busy - cpuUs) / wallUs;
  }
  return {
    ...load,
    cpuUsPerReq: load.requests > 0 ? cpuUs / load.requests : NaN,
    verifies,
    hitRate: load.requests > 0 ? Math.max(0, 1 - verifies / load.requests) : NaN,
    foreignCoreShare,
  };
}
