/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof`) and sums self time per function and per
 * origin (entra-guard, a framework, node internals...).
 */
import { readFileSync } from 'node:fs';

/**
 * @typedef {object} SelfTime
 * @property {string} name   function (file:line)
 * @property {string} origin
 * @property {number} us
 * @property {number} share  of the profile's non-idle time
 */

/** @param {string} url */
export function originOf(url) {
  if (url === '') return 'native / GC';
  if (url.includes('/packages/core/')) return '@entra-guard/core';
  if (url.includes('/packages/express/')) return '@entra-guard/express';
  if (url.includes('/packages/fastify/')) return '@entra-guard/fastify';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('/bench/')) return 'bench harness';
  return url;
}

/** @param {string} url */
function shortFile(url) {
  const m = /node_modules\/(.*)$/.exec(url) ?? /packages\/(.*)$/.exec(url) ?? /bench\/(.*)$/.exec(url);
  return m ? m[1] : url.replace(/^file:\/\//, '');
}

/**
 * @param {string} file
 * @returns {{ totalUs: number, idleUs: number, functions: SelfTime[], origins: { origin: string, us: number, share: number }[] }}
 */
export function summarizeProfile(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  /** @type {Map<number, any>} */
  const nodes = new Map(profile.nodes.map((/** @type {any} */ n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  /** @type {Map<string, SelfTime>} */
  const byFunction = new Map();
  /** @type {Map<string, number>} */
  const byOrigin = new Map();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id).callFrame;
    const fn = frame.functionName || '(anonymous)';
    if (fn === '(idle)') {
      idleUs += us;
      continue;
    }
    totalUs += us;
    const origin = frame.url === '' ? 'native / GC' : originOf(frame.url);
    const name = frame.url === '' ? fn : `${fn} (${shortFile(frame.url)}:${frame.lineNumber + 1})`;
    const entry = byFunction.get(name) ?? { name, origin, us: 0, share: 0 };
    entry.us += us;
    byFunction.set(name, entry);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + us);
  }
  const functions = [...byFunction.values()].map((f) => ({ ...f, share: f.us / totalUs })).sort((a, b) => b.us - a.us);
  const origins = [...byOrigin].map(([origin, us]) => ({ origin, us, share: us / totalUs })).sort((a, b) => b.us - a.us);
  return { totalUs, idleUs, functions, origins };
}

/**
 * Inclusive share of the profile's non-idle time spent in (or below) functions matching each
 * probe: a sample counts once for a probe if any frame on its stack matches.
 *
 * @param {string} file
 * @param {{ label: string, fn: string, url: string }[]} probes  function name and a url fragment
 * @returns {{ label: string, share: number }[]}
 */
export function inclusiveShares(file, probes) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  /** @type {Map<number, any>} */
  const nodes = new Map(profile.nodes.map((/** @type {any} */ n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const totals = probes.map(() => 0);
  let busy = 0;
  /** @type {Map<number, boolean[]>} */
  const memo = new Map();
  const matches = (/** @type {number} */ id) => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const frame = nodes.get(id).callFrame;
    const up = parent.has(id) ? matches(/** @type {number} */ (parent.get(id))) : probes.map(() => false);
    const here = probes.map((p, i) => up[i] || (frame.functionName === p.fn && frame.url.includes(p.url)));
    memo.set(id, here);
    return here;
  };
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    if (nodes.get(id).callFrame.functionName === '(idle)') continue;
    const us = profile.timeDeltas[i] ?? 0;
    busy += us;
    matches(id).forEach((hit, k) => {
      if (hit) totals[k] += us;
    });
  }
  return probes.map((p, i) => ({ label: p.label, share: totals[i] / busy }));
}
