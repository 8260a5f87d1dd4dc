/**
 * Fallback load generator when wrk is missing: autocannon driven like the wrk scripts (one
 * token repeated, or rotating through a token file at random or in order), printing the same
 * BENCH_JSON line. `node lib/autocannon-runner.mjs '<json spec>'`.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const { url, seconds, connections, pattern } = JSON.parse(process.argv[2] ?? '{}');
const tokens = pattern.kind === 'repeat' ? [pattern.token] : readFileSync(pattern.file, 'utf8').split('\n').filter(Boolean);
let index = 0;
let reused = 0;
let wrapped = false;
let seed = pattern.seed ?? 1;
// A small seeded generator (mulberry32), so the pool's order is reproducible.
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const next = () => {
  if (pattern.kind === 'repeat') return tokens[0];
  if (pattern.mode === 'random') return tokens[Math.floor(random() * tokens.length)];
  if (index >= tokens.length) {
    index = 0;
    wrapped = true;
  }
  if (wrapped) reused++;
  return tokens[index++];
};

const result = await autocannon({
  url,
  connections,
  duration: seconds,
  requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${next()}` } }) }],
});
const errors = { connect: 0, read: result.errors, write: 0, status: result.non2xx, timeout: result.timeouts };
const line = {
  requests: result.requests.total,
  durationUs: Math.round(result.duration * 1e6),
  p50Us: Math.round(result.latency.p50 * 1000),
  p99Us: Math.round(result.latency.p99 * 1000),
  maxUs: Math.round(result.latency.max * 1000),
  errors,
  reused,
};
process.stdout.write(`BENCH_JSON ${JSON.stringify(line)}\n`);
