/** The Markdown report: summary table, detail tables, micro-benchmark, memory, targets, method. */
import { rowOf } from './aggregate.mjs';
import { fixed, thousands } from './stats.mjs';
import { WORKLOAD_TITLES, WORKLOADS } from './workloads.mjs';

/**
 * @typedef {object} ReportInput
 * @property {import('./candidates.mjs').Candidate[]} candidates
 * @property {import('./aggregate.mjs').Row[]} rows
 * @property {import('./targets.mjs').TargetCheck[]} checks
 * @property {any} micro
 * @property {any} memory
 * @property {Record<string, string>} machine
 * @property {Record<string, string>} versions
 * @property {import('./args.mjs').Options} options
 * @property {string} tool
 * @property {boolean} pinnedCores
 * @property {string[]} notes
 * @property {number} wallSeconds
 * @property {string} date
 * @property {{ good: number, bad: number }} gate
 */

/**
 * @param {import('./aggregate.mjs').Row | undefined} row
 * @param {boolean} [withCpu] append the CPU-time ratio in brackets
 */
function ratioCell(row, withCpu = false) {
  if (row === undefined) return '';
  if (!row.gatePassed) return 'gate failed';
  if (row.candidate.role === 'baseline') return withCpu ? '1.00 (1.00)' : '1.00';
  const marks = `${row.failed > 0 ? ' ⚠' : ''}${row.reused > 0 ? ' †' : ''}`;
  return `${fixed(row.ratio)}${withCpu ? ` (${fixed(row.cpuRatio)})` : ''}${marks}`;
}

/** @param {import('./aggregate.mjs').Row[]} rows */
function legend(rows) {
  const marks = [];
  if (rows.some((r) => r.failed > 0)) marks.push('⚠ some requests failed (see the notes).');
  if (rows.some((r) => r.reused > 0)) marks.push('† the cold run ran out of fresh tokens and re-sent some (those could be cache hits).');
  return marks.length > 0 ? `\n${marks.join(' ')}\n` : '';
}

/** @param {ReportInput} input */
export function summaryTable({ candidates, rows, options }) {
  const lines = [`| Framework | Candidate | Repeated token | ${thousands(options.poolSize).replace(',', ' ')}-user pool (hit rate) | Cold path |`, '| --- | --- | ---: | ---: | ---: |'];
  for (const c of candidates) {
    const pool = rowOf(rows, c.id, 'pool');
    const hit = c.caches && pool !== undefined && Number.isFinite(pool.hitRate) ? ` (${fixed(pool.hitRate * 100, 1)} %)` : '';
    lines.push(`| ${c.framework === 'express' ? 'Express 5' : 'Fastify 5'} | ${c.label} | ${ratioCell(rowOf(rows, c.id, 'repeated'), true)} | ${ratioCell(pool, true)}${hit} | ${ratioCell(rowOf(rows, c.id, 'cold'), true)} |`);
  }
  return lines.join('\n');
}

/** @param {ReportInput} input @param {import('./workloads.mjs').WorkloadName} workload */
function detailTable(input, workload) {
  const { candidates, rows } = input;
  const lines = [
    `#### ${WORKLOAD_TITLES[workload].replace('10 000', thousands(input.options.poolSize).replace(',', ' '))}`,
    '',
    '| Framework | Candidate | Ratio (median) | Ratio per round | CPU-time ratio | req/s | p99 latency | CPU µs / request | Hit rate | Other load on server core |',
    '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const c of candidates) {
    const r = rowOf(rows, c.id, workload);
    if (r === undefined) continue;
    const perRound = r.ratios.map((x) => fixed(x)).join(' / ');
    const hit = c.caches && Number.isFinite(r.hitRate) ? `${fixed(r.hitRate * 100, 1)} %` : '–';
    const foreign = Number.isFinite(r.foreignCoreShare) ? `${fixed(r.foreignCoreShare * 100, 0)} %` : '–';
    lines.push(`| ${c.framework} | ${c.label} | ${ratioCell(r)} | ${perRound} | ${c.role === 'baseline' ? '1.00' : fixed(r.cpuRatio)} | ${thousands(r.rps)} | ${fixed(r.p99Us / 1000)} ms | ${fixed(r.cpuUsPerReq, 1)} | ${hit} | ${foreign} |`);
  }
  return lines.join('\n');
}

/** @param {any} micro */
function microTable(micro) {
  if (micro === undefined) return '_not run_';
  const lines = ['| Task | Mean | p99 | ops/s | Samples |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const t of micro.tasks) lines.push(`| ${t.name} | ${fixed(t.meanUs, 1)} µs | ${fixed(t.p99Us, 1)} µs | ${thousands(t.opsPerSecond)} | ${thousands(t.samples)} |`);
  if (micro.coldWrapped) lines.push('', `⚠ the first-sight task used more than the ${thousands(micro.coldUsed)} cold tokens and wrapped around (some were cache hits).`);
  return lines.join('\n');
}

/** @param {any} memory */
function memoryText(memory) {
  if (memory === undefined) return '_not run_';
  const held = memory.verifiesOnSecondPass === 0 ? 'all of them still cached on a second pass (0 signature verifications)' : `${memory.verifiesOnSecondPass} of them verified again on a second pass (evicted)`;
  return [
    `- ${thousands(memory.entries)} distinct tokens validated through one guard, ${held}.`,
    `- Validated-token cache: **${fixed(memory.cacheBytes / 1e6, 2)} MB** (${thousands(memory.bytesPerEntry)} bytes per entry) = growth of heap + off-heap memory after full GCs with the cache on (${fixed(memory.withCacheBytes / 1e6, 2)} MB) minus the same with \`tokenCache: false\` (${fixed(memory.noCacheBytes / 1e6, 2)} MB: guard, keys, garbage not yet reclaimed).`,
  ].join('\n');
}

/**
 * How expensive a bare request was on this machine in this run, next to the issue's reference.
 *
 * @param {import('./aggregate.mjs').Row[]} rows
 */
function calibration(rows) {
  const base = (/** @type {string} */ fw) => rowOf(rows, `${fw}/baseline`, 'repeated')?.cpuUsPerReq ?? NaN;
  return `Baseline cost in this run: Express ${fixed(base('express'), 0)} µs and Fastify ${fixed(base('fastify'), 0)} µs of server CPU per request (the issue's reference machine: ~145 µs and ~20 µs), so every ratio here is taken against a slower request than there.`;
}

/** @param {import('./targets.mjs').TargetCheck[]} checks */
function targetsTable(checks) {
  const verdict = (/** @type {boolean | undefined} */ met) => (met === undefined ? 'n/a' : met ? 'met' : '**missed**');
  const lines = ['| Target | On req/s ratios | Figures | On CPU-time ratios | Figures |', '| --- | --- | --- | --- | --- |'];
  for (const c of checks) lines.push(`| ${c.target} | ${verdict(c.met)} | ${c.detail} | ${verdict(c.metCpu)} | ${c.detailCpu} |`);
  return lines.join('\n');
}

/**
 * @param {ReportInput} input
 * @returns {string}
 */
export function renderReport(input) {
  const { machine, versions, options, tool } = input;
  const versionList = Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', ');
  const loaded = input.notes.some((n) => n.startsWith('Measured under load'));
  return `# entra-guard benchmark results

Generated by \`npm run bench\` on ${input.date} (wall time of \`bench/run.mjs\` ${fixed(input.wallSeconds / 60, 1)} min; \`npm ci\` before it adds 10–40 s).${loaded ? ' **Measured under load**: see the notes.' : ''}

## Summary: req/s as a ratio to the no-auth baseline of the same round (median of ${options.rounds})

In brackets: the same ratio from CPU time (baseline CPU µs per request ÷ the candidate's), which does not depend on how much of the core the server got while other processes ran.

${summaryTable(input)}
${legend(input.rows)}
## Targets

${targetsTable(input.checks)}

## Details

${WORKLOADS.map((w) => detailTable(input, w)).join('\n\n')}

### \`validateToken\` micro-benchmark (tinybench, one process on the server core)

${microTable(input.micro)}

### Validated-token cache memory

${memoryText(input.memory)}

## Machine, versions, method

- Machine: ${machine.cpu}, ${machine.memory}, ${machine.os}; Node.js ${machine.node}; git ${machine.git}.
- ${calibration(input.rows)}
- Load average (1, 5, 15 min) at start: ${machine.loadAtStart}; at end: ${machine.loadAtEnd}.
- Load generator: ${tool}${tool === 'wrk' ? ' (1 thread)' : ''}, ${options.connections} keep-alive connections; ${input.pinnedCores ? 'server pinned to core 0, load generator and harness to core 1 (taskset)' : '**not pinned** (taskset or a second core missing)'}.
- Each round starts every candidate in a fresh child process (\`NODE_ENV=production\`), runs the correctness gate (${input.gate.good} good tokens accepted, ${input.gate.bad} bad ones refused), warms up ${options.warmSeconds} s with the repeated token, then measures ${options.measureSeconds} s per workload in the order repeated → pool → cold. Caching candidates get every pool token once before the pool is measured. Cold runs are shortened where needed so that no token is sent twice (${thousands(options.coldSize)} fresh tokens per process).
- Ratio = candidate req/s ÷ baseline req/s of the same framework, workload and round; the table shows the median over ${options.rounds} round(s), as do req/s, p99 latency (from the load generator) and CPU µs per request (user + system CPU of the server process over the run ÷ completed requests). Hit rate = 1 − signature verifications ÷ requests.
- Tokens: Entra-shaped v2.0 access tokens (RS256, 2048-bit keys from test-support's HTTPS key server on 127.0.0.1, issuer \`https://127.0.0.1:<port>/<tenant>/v2.0\`, audience the API client id), ${thousands(options.poolSize)} pool users and ${thousands(options.coldSize)} cold tokens minted before timing.
- Versions: ${versionList}.
- How to run and what each workload means: [README.md](README.md). Profile of the hot path: [PROFILE.md](PROFILE.md).

${input.notes.length > 0 ? `## Notes\n\n${input.notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`;
}
