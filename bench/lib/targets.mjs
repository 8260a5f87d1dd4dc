/**
 * The targets, checked against the medians of the run. Each check says what was
 * compared, so a miss can be read without the code.
 */
import { rowOf } from './aggregate.mjs';
import { fixed } from './stats.mjs';

/**
 * @typedef {object} TargetCheck
 * @property {string} target
 * @property {boolean | undefined} met     on the req/s ratios; undefined when a figure is missing
 * @property {boolean | undefined} metCpu  the same on the CPU-time ratios
 * @property {string} detail
 * @property {string} detailCpu
 */

/**
 * @param {import('./aggregate.mjs').Row[]} rows
 * @param {'express' | 'fastify'} framework
 * @param {string} workload
 * @param {'ratio' | 'cpuRatio'} metric
 * @returns {import('./aggregate.mjs').Row | undefined} the peer with the best ratio
 */
function bestPeer(rows, framework, workload, metric) {
  return rows
    .filter((r) => r.workload === workload && r.candidate.framework === framework && r.candidate.role === 'peer' && r.gatePassed && Number.isFinite(r[metric]))
    .sort((a, b) => b[metric] - a[metric])[0];
}

/**
 * @param {string} target
 * @param {number | undefined} value
 * @param {number | undefined} threshold
 * @param {string} detail
 * @returns {{ target: string, met: boolean | undefined, detail: string }}
 */
function atLeast(target, value, threshold, detail) {
  const known = Number.isFinite(value) && Number.isFinite(threshold);
  return { target, met: known ? /** @type {number} */ (value) >= /** @type {number} */ (threshold) : undefined, detail };
}

/**
 * @param {import('./aggregate.mjs').Row[]} rows
 * @param {'ratio' | 'cpuRatio'} metric
 * @returns {{ target: string, met: boolean | undefined, detail: string }[]}
 */
function checkOn(rows, metric) {
  const checks = [];
  const v = (/** @type {import('./aggregate.mjs').Row | undefined} */ row) => (row === undefined ? NaN : row[metric]);
  for (const fw of /** @type {const} */ (['express', 'fastify'])) {
    const ours = (/** @type {string} */ w) => rowOf(rows, `${fw}/entra-guard`, w);
    const cold = ours('cold');
    const floor = rowOf(rows, `${fw}/floor`, 'cold');
    if (cold === undefined) continue;
    checks.push(atLeast(`${fw}: cold ≥ 0.95 × floor`, v(cold), 0.95 * v(floor), `${fixed(v(cold))} vs floor ${fixed(v(floor))} (need ≥ ${fixed(0.95 * v(floor))})`));
    const peer = bestPeer(rows, fw, 'cold', metric);
    checks.push(atLeast(`${fw}: cold ≥ best peer`, v(cold), v(peer), `${fixed(v(cold))} vs ${peer?.candidate.label ?? 'no peer'} ${fixed(v(peer))}`));
    const want = fw === 'express' ? 0.95 : 0.85;
    for (const w of ['repeated', 'pool']) {
      const r = ours(w);
      checks.push(atLeast(`${fw}: ${w} ≥ ${want} of baseline`, v(r), want, `${fixed(v(r))}`));
    }
    const pool = ours('pool');
    const poolPeer = bestPeer(rows, fw, 'pool', metric);
    checks.push(atLeast(`${fw}: pool ≥ 1.5 × best peer`, v(pool), 1.5 * v(poolPeer), `${fixed(v(pool))} vs ${poolPeer?.candidate.label ?? 'no peer'} ${fixed(v(poolPeer))} (need ≥ ${fixed(1.5 * v(poolPeer))})`));
    for (const id of ['passport-azure-ad', 'express-jwt']) {
      const peerRow = rowOf(rows, `${fw}/${id}`, 'pool');
      if (peerRow === undefined) continue;
      checks.push(atLeast(`${fw}: pool ≥ 2 × ${peerRow.candidate.label}`, v(pool), 2 * v(peerRow), `${fixed(v(pool))} vs ${fixed(v(peerRow))} (need ≥ ${fixed(2 * v(peerRow))})`));
    }
  }
  return checks;
}

/**
 * @param {import('./aggregate.mjs').Row[]} rows
 * @param {{ cacheBytes: number } | undefined} memory
 * @returns {TargetCheck[]}
 */
export function checkTargets(rows, memory) {
  const cpu = checkOn(rows, 'cpuRatio');
  /** @type {TargetCheck[]} */
  const checks = checkOn(rows, 'ratio').map((c, i) => ({ ...c, metCpu: cpu[i]?.met, detailCpu: cpu[i]?.detail ?? '' }));
  if (memory !== undefined) {
    const mb = memory.cacheBytes / 1e6;
    const met = mb <= 20;
    checks.push({ target: `cache memory at ${memory.entries} entries ≤ 20 MB`, met, metCpu: met, detail: `${fixed(mb, 1)} MB`, detailCpu: '' });
  }
  return checks;
}
