/** What the numbers were measured on: machine, load, versions. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, REPO_DIR } from './paths.mjs';

/** @param {string} file @returns {any} */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * @param {string[]} names
 * @returns {Record<string, string>} package → installed version (in bench/node_modules)
 */
export function packageVersions(names) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const name of names) out[name] = readJson(join(BENCH_DIR, 'node_modules', name, 'package.json'))?.version ?? 'not installed';
  return out;
}

/** @returns {Record<string, string>} the workspace packages measured, by version */
export function entraGuardVersions() {
  /** @type {Record<string, string>} */
  const out = {};
  for (const dir of ['core', 'express', 'fastify']) {
    const pkg = readJson(join(REPO_DIR, 'packages', dir, 'package.json'));
    if (pkg !== undefined) out[pkg.name] = pkg.version;
  }
  return out;
}

/** @returns {string | undefined} */
function gitRevision() {
  try {
    const head = readFileSync(join(REPO_DIR, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head.slice(0, 12);
    return readFileSync(join(REPO_DIR, '.git', head.slice(5)), 'utf8').trim().slice(0, 12);
  } catch {
    return undefined;
  }
}

/** @returns {Record<string, string>} */
export function machineInfo() {
  const cpuList = cpus();
  return {
    cpu: `${cpuList[0]?.model ?? 'unknown'} × ${cpuList.length}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    os: `${type()} ${release()}`,
    node: process.version,
    git: gitRevision() ?? 'unknown',
    loadAtStart: loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}
