/**
 * From the saved raw figures of a run (results.json) to the report: medians, targets, notes,
 * Markdown. Used at the end of a run and by `run.mjs --rerender`, so a report can be rebuilt from
 * the raw data without measuring again.
 */
import { aggregate } from './aggregate.mjs';
import { CANDIDATES } from './candidates.mjs';
import { renderReport, summaryTable } from './report.mjs';
import { checkTargets } from './targets.mjs';

/**
 * @typedef {object} SavedRun
 * @property {import('./args.mjs').Options} options
 * @property {Record<string, string>} machine
 * @property {Record<string, string>} versions
 * @property {string[]} candidateIds
 * @property {Record<string, import('./rounds.mjs').CandidateRun>[]} rounds
 * @property {any} micro
 * @property {any} memory
 * @property {string[]} notes       raised while running (errors, build)
 * @property {number} wallSeconds
 * @property {string} date
 * @property {string} tool
 * @property {boolean} pinnedCores
 * @property {{ good: number, bad: number }} gate
 */

/**
 * @param {SavedRun} saved
 * @returns {{ report: string, summary: string, checks: import('./targets.mjs').TargetCheck[] }}
 */
export function summarize(saved) {
  const candidates = saved.candidateIds.map((id) => {
    const c = CANDIDATES.find((x) => x.id === id);
    if (c === undefined) throw new Error(`unknown candidate ${id} in the saved run`);
    return c;
  });
  const rounds = saved.rounds.map((rd) => new Map(Object.entries(rd)));
  const rows = aggregate(candidates, rounds);
  const checks = checkTargets(rows, saved.memory);
  const notes = [...saved.notes];
  for (const round of rounds) for (const [id, run] of round) if (!run.gate.passed) notes.push(`${id} failed the correctness gate: ${run.gate.failures.join('; ')}`);
  const foreign = rows.map((r) => r.foreignCoreShare).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const medianForeign = foreign.length > 0 ? foreign[Math.floor(foreign.length / 2)] : NaN;
  const { machine } = saved;
  if (Number(machine.loadAtStart.split(' ')[0]) > 0.5 || medianForeign > 0.05) {
    notes.push(
      `Measured under load: load average ${machine.loadAtStart} at start and ${machine.loadAtEnd} at end; other processes used a median ${(medianForeign * 100).toFixed(0)} % of the server core during the measurements (column "Other load on server core"), and the server's own CPU time per request is inflated too (shared caches, the load generator's core busy). Ratios are taken within a round, which cancels part of it; the CPU-time ratios are less sensitive to losing the core; still, treat differences of several percent as noise.`,
    );
  }
  for (const r of rows) {
    if (r.failed > 0) notes.push(`${r.candidate.id} ${r.workload}: ${r.failed} failed requests over all rounds.`);
    if (r.reused > 0) notes.push(`${r.candidate.id} ${r.workload}: ran out of fresh tokens, ${r.reused} re-sent.`);
  }
  const input = {
    candidates,
    rows,
    checks,
    micro: saved.micro,
    memory: saved.memory,
    machine,
    versions: saved.versions,
    options: saved.options,
    tool: saved.tool,
    notes,
    wallSeconds: saved.wallSeconds,
    pinnedCores: saved.pinnedCores,
    date: saved.date,
    gate: saved.gate,
  };
  return { report: renderReport(input), summary: summaryTable(input), checks };
}
