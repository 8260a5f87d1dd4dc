#!/usr/bin/env node
/**
 * `npm run bench`: the cost per request of entra-guard's Express and Fastify adapters against
 * the alternatives, on this machine, in one run. See README.md for the method and options.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOptions } from './lib/args.mjs';
import { ensureBuilt } from './lib/build.mjs';
import { selectCandidates } from './lib/candidates.mjs';
import { identityEnv, startIdentity } from './lib/identity.mjs';
import { entraGuardVersions, machineInfo, packageVersions } from './lib/machine.mjs';
import { runCacheMemory, runMicro } from './lib/micro.mjs';
import { BENCH_DIR, RESULTS_FILE } from './lib/paths.mjs';
import { canPin, pinSelfToLoadCore } from './lib/pinning.mjs';
import { runProfiles } from './lib/profile.mjs';
import { runCandidate } from './lib/rounds.mjs';
import { summarize } from './lib/summarize.mjs';
import { mintTokens } from './lib/tokens.mjs';
import { chooseLoadTool, wrkVersion } from './lib/tools.mjs';

const started = performance.now();
const log = (/** @type {string} */ line) => process.stdout.write(`${line}\n`);
const options = parseOptions(process.argv.slice(2));
if (options.rerender) {
  const saved = JSON.parse(await readFile(join(BENCH_DIR, 'results.json'), 'utf8'));
  const { report } = summarize(saved);
  await writeFile(RESULTS_FILE, report);
  log(`${report}\nrebuilt ${RESULTS_FILE} from results.json`);
  process.exit(0);
}
const buildNote = ensureBuilt(log);
const machine = machineInfo();
const tool = chooseLoadTool(options.tool, log);
const candidates = selectCandidates(options.only);
log(`entra-guard bench: ${candidates.length} candidates × ${options.rounds} round(s), ${options.warmSeconds} s warm-up + ${options.measureSeconds} s per workload, ${tool}, ${canPin() ? 'pinned' : 'NOT pinned'}`);
log(`machine: ${machine.cpu}, load ${machine.loadAtStart}`);

const scratch = await mkdtemp(join(tmpdir(), 'entra-guard-bench-'));
const identity = await startIdentity(scratch);
try {
  const mintStart = performance.now();
  const tokens = await mintTokens(identity, { poolSize: options.poolSize, coldSize: options.coldSize, scratchDir: scratch });
  log(`minted ${tokens.pool.length} pool + ${tokens.cold.length} cold tokens in ${((performance.now() - mintStart) / 1000).toFixed(1)} s; key server ${identity.origin}`);
  pinSelfToLoadCore();
  const settings = { tool, warmSeconds: options.warmSeconds, measureSeconds: options.measureSeconds, connections: options.connections, env: identityEnv(identity), tokens };

  if (options.profile) {
    const picked = options.only === undefined ? candidates.filter((c) => c.role === 'ours') : candidates.filter((c) => c.role !== 'baseline' || options.only?.includes('baseline'));
    const markdown = await runProfiles(picked, settings, log);
    log(`\n${markdown}`);
  } else {
    /** @type {Map<string, import('./lib/rounds.mjs').CandidateRun>[]} */
    const rounds = [];
    /** @type {string[]} */
    const notes = buildNote === undefined ? [] : [buildNote];
    for (let r = 0; r < options.rounds; r++) {
      log(`round ${r + 1}/${options.rounds}`);
      /** @type {Map<string, import('./lib/rounds.mjs').CandidateRun>} */
      const round = new Map();
      rounds.push(round);
      for (const candidate of candidates) {
        // Size the cold run so no token is sent twice: a non-caching candidate's cold rate is its
        // pool rate; a caching one can go no faster than the floor (or its own earlier rounds).
        const expectColdRps = (/** @type {string} */ _w, /** @type {any} */ pool) => {
          if (!candidate.caches) return pool?.rps;
          const seen = [round.get(`${candidate.framework}/floor`)?.results.cold?.rps, ...rounds.map((rd) => rd.get(candidate.id)?.results.cold?.rps)];
          const known = seen.filter((x) => x !== undefined);
          return known.length > 0 ? Math.max(...known) : pool?.rps;
        };
        try {
          round.set(candidate.id, await runCandidate(candidate, { ...settings }, expectColdRps, log));
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          log(`  ${candidate.id}: ERROR ${message}`);
          notes.push(`Round ${r + 1}, ${candidate.id}: ${message.split('\n')[0]}`);
          round.set(candidate.id, { gate: { passed: false, failures: [message] }, results: {} });
        }
      }
    }

    let micro;
    let memory;
    if (options.micro) {
      try {
        log('micro-benchmark of validateToken...');
        micro = await runMicro(tokens, settings.env, options.microMs);
        log('validated-token cache memory...');
        memory = await runCacheMemory(tokens, settings.env);
      } catch (err) {
        notes.push(`Micro-benchmark failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      }
    }

    machine.loadAtEnd = loadavg().map((l) => l.toFixed(2)).join(' ');
    const names = [...new Set(['tinybench', ...candidates.flatMap((c) => c.packages)])];
    const versions = { ...entraGuardVersions(), ...packageVersions(names), ...(tool === 'wrk' ? { wrk: wrkVersion().replace(/^wrk /, '') } : packageVersions(['autocannon'])) };
    /** @type {import('./lib/summarize.mjs').SavedRun} */
    const saved = {
      options,
      machine,
      versions,
      candidateIds: candidates.map((c) => c.id),
      rounds: rounds.map((rd) => Object.fromEntries(rd)),
      micro,
      memory,
      notes,
      wallSeconds: (performance.now() - started) / 1000,
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      tool,
      pinnedCores: canPin(),
      gate: { good: tokens.good.length, bad: tokens.bad.length },
    };
    const { report, summary } = summarize(saved);
    await writeFile(join(BENCH_DIR, options.write ? 'results.json' : 'results-last.json'), `${JSON.stringify(saved, null, 2)}\n`);
    if (options.write) {
      await writeFile(RESULTS_FILE, report);
      log(`wrote ${RESULTS_FILE}`);
    } else {
      log('(not a full run: RESULTS.md left as it is; pass --write to overwrite it)');
    }
    log(`\n${report}\n## Summary (ratio to the no-auth baseline; CPU-time ratio in brackets)\n\n${summary}\n`);
  }
} finally {
  await identity.close();
  await rm(scratch, { recursive: true, force: true });
}
log(`total wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);
