/**
 * One candidate in one round: a fresh server process, the correctness gate, a warm-up, then the
 * three workloads measured one after another.
 */
import { startServer } from './child.mjs';
import { runGate } from './gate.mjs';
import { sendEach } from './http.mjs';
import { runLoad } from './load.mjs';
import { measure } from './measure.mjs';
import { patternFor, WORKLOADS } from './workloads.mjs';

/**
 * @typedef {object} RunSettings
 * @property {'wrk' | 'autocannon'} tool
 * @property {number} warmSeconds
 * @property {number} measureSeconds
 * @property {number} connections
 * @property {Record<string, string>} env   for the server children
 * @property {import('./tokens.mjs').TokenSets} tokens
 * @property {boolean} [cpuProf]
 * @property {readonly import('./workloads.mjs').WorkloadName[]} [workloads]
 */

/**
 * @typedef {object} CandidateRun
 * @property {import('./gate.mjs').GateResult} gate
 * @property {Partial<Record<import('./workloads.mjs').WorkloadName, import('./measure.mjs').Measurement>>} results
 * @property {number} [poolWarmSeconds]
 */

/**
 * The warm-up traffic: the repeated token, except when one workload is run alone (profiles),
 * where it is the same kind of traffic: for the cold path, pool tokens (also first-seen, and
 * distinct from the cold set); for the pool of a caching candidate, nothing (its cache fill
 * warms it).
 *
 * @param {import('./candidates.mjs').Candidate} candidate
 * @param {RunSettings} settings
 * @param {import('./tokens.mjs').TokenSets} tokens
 * @returns {import('./load.mjs').LoadPattern | undefined}
 */
function warmPattern(candidate, settings, tokens) {
  const only = settings.workloads?.length === 1 ? settings.workloads[0] : undefined;
  if (only === 'cold') return { kind: 'rotate', file: tokens.files.pool, mode: 'sequential', seed: 1 };
  if (only === 'pool' && candidate.caches) return undefined;
  return patternFor('repeated', tokens, 1);
}

/**
 * Longest cold run that does not run out of fresh tokens at `expectedRps` (with 15 % margin).
 *
 * @param {number} measureSeconds
 * @param {number} tokenCount
 * @param {number | undefined} expectedRps
 * @param {number} connections
 */
export function coldSeconds(measureSeconds, tokenCount, expectedRps, connections) {
  if (expectedRps === undefined || !(expectedRps > 0)) return measureSeconds;
  const fits = Math.floor((tokenCount - connections) / (expectedRps * 1.15));
  return Math.max(1, Math.min(measureSeconds, fits));
}

/**
 * @param {import('./candidates.mjs').Candidate} candidate
 * @param {RunSettings} settings
 * @param {(workload: string, result: import('./measure.mjs').Measurement | undefined) => number | undefined} expectColdRps
 *   the cold rate to size the cold run for, from what was measured so far
 * @param {(line: string) => void} log
 * @returns {Promise<CandidateRun>}
 */
export async function runCandidate(candidate, settings, expectColdRps, log) {
  const { tool, tokens, connections } = settings;
  const server = await startServer(candidate.id, settings.env, { cpuProf: settings.cpuProf });
  /** @type {CandidateRun} */
  const run = { gate: { passed: true, failures: [] }, results: {} };
  try {
    if (candidate.role !== 'baseline') {
      run.gate = await runGate(server.port, tokens);
      if (!run.gate.passed) {
        log(`  ${candidate.id}: FAILED the correctness gate, not timed:\n    ${run.gate.failures.join('\n    ')}`);
        return run;
      }
    }
    const warm = warmPattern(candidate, settings, tokens);
    if (warm !== undefined) await runLoad(tool, { port: server.port, seconds: settings.warmSeconds, connections, pattern: warm });
    for (const workload of settings.workloads ?? WORKLOADS) {
      let seconds = settings.measureSeconds;
      if (workload === 'pool' && candidate.caches) {
        const started = performance.now();
        const statuses = await sendEach(server.port, tokens.pool, connections);
        run.poolWarmSeconds = (performance.now() - started) / 1000;
        if ((statuses.get(200) ?? 0) !== tokens.pool.length) throw new Error(`${candidate.id}: pool warm-up statuses ${JSON.stringify([...statuses])}`);
      }
      if (workload === 'cold' && candidate.role !== 'baseline') {
        seconds = coldSeconds(settings.measureSeconds, tokens.cold.length, expectColdRps(workload, run.results.pool), connections);
      }
      const result = await measure(server, tool, { seconds, connections, pattern: patternFor(workload, tokens, 7) });
      // The baseline reads no token, so a re-sent one cannot help it.
      if (candidate.role === 'baseline') result.reused = 0;
      run.results[workload] = result;
      const hit = candidate.caches ? `, hit rate ${(result.hitRate * 100).toFixed(1)} %` : '';
      const flags = `${result.failed > 0 ? `, ${result.failed} FAILED` : ''}${result.reused > 0 ? `, ${result.reused} re-sent tokens` : ''}`;
      log(`  ${candidate.id.padEnd(28)} ${workload.padEnd(8)} ${result.rps.toFixed(0).padStart(7)} req/s  p99 ${(result.p99Us / 1000).toFixed(2)} ms  ${result.cpuUsPerReq.toFixed(1)} µs CPU/req  (${seconds} s${hit}${flags})`);
    }
    return run;
  } finally {
    await server.stop();
  }
}
