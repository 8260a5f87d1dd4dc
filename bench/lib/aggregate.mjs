/**
 * From per-round measurements to the figures in the table: each candidate's req/s divided by
 * its framework's baseline req/s for the same workload in the same round, then the median over
 * rounds of that ratio and of req/s, p99 latency, CPU µs per request and hit rate. The same
 * ratio is also taken from CPU time (baseline CPU µs per request ÷ the candidate's), which does
 * not depend on how much of the core the server got on a shared machine.
 */
import { median } from './stats.mjs';
import { WORKLOADS } from './workloads.mjs';

/**
 * @typedef {object} Row
 * @property {import('./candidates.mjs').Candidate} candidate
 * @property {import('./workloads.mjs').WorkloadName} workload
 * @property {number} ratio        median of the per-round ratios to the baseline
 * @property {number[]} ratios     per round
 * @property {number} cpuRatio     median of baseline CPU µs/request ÷ candidate CPU µs/request, per round
 * @property {number} rps
 * @property {number} p99Us
 * @property {number} cpuUsPerReq
 * @property {number} hitRate
 * @property {number} failed       summed over rounds
 * @property {number} reused       summed over rounds
 * @property {number} foreignCoreShare median share of the server core used by other processes
 * @property {boolean} gatePassed  in every round
 */

/**
 * @param {import('./candidates.mjs').Candidate[]} candidates
 * @param {Map<string, import('./rounds.mjs').CandidateRun>[]} rounds
 * @returns {Row[]}
 */
export function aggregate(candidates, rounds) {
  /** @type {Row[]} */
  const rows = [];
  for (const workload of WORKLOADS) {
    for (const candidate of candidates) {
      const baseline = candidates.find((c) => c.framework === candidate.framework && c.role === 'baseline');
      const per = rounds.map((round) => {
        const run = round.get(candidate.id);
        const base = baseline === undefined ? undefined : round.get(baseline.id)?.results[workload];
        const m = run?.results[workload];
        const both = m !== undefined && base !== undefined;
        return { run, m, ratio: both ? m.rps / base.rps : NaN, cpuRatio: both ? base.cpuUsPerReq / m.cpuUsPerReq : NaN };
      });
      const ms = per.map((p) => p.m).filter((m) => m !== undefined);
      rows.push({
        candidate,
        workload,
        ratio: median(per.map((p) => p.ratio)),
        ratios: per.map((p) => p.ratio),
        cpuRatio: median(per.map((p) => p.cpuRatio)),
        rps: median(ms.map((m) => m.rps)),
        p99Us: median(ms.map((m) => m.p99Us)),
        cpuUsPerReq: median(ms.map((m) => m.cpuUsPerReq)),
        hitRate: candidate.caches ? median(ms.map((m) => m.hitRate)) : NaN,
        failed: ms.reduce((sum, m) => sum + m.failed, 0),
        reused: ms.reduce((sum, m) => sum + m.reused, 0),
        foreignCoreShare: median(ms.map((m) => m.foreignCoreShare ?? NaN)),
        gatePassed: per.every((p) => p.run === undefined || p.run.gate.passed),
      });
    }
  }
  return rows;
}

/**
 * @param {Row[]} rows
 * @param {string} id
 * @param {string} workload
 * @returns {Row | undefined}
 */
export function rowOf(rows, id, workload) {
  return rows.find((r) => r.candidate.id === id && r.workload === workload);
}
