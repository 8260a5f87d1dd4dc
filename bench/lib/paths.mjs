/** Where things are: the bench folder, the built workspace packages, scratch files. */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const REPO_DIR = dirname(BENCH_DIR);
export const SERVE_SCRIPT = join(BENCH_DIR, 'servers', 'serve.mjs');
export const LUA_DIR = join(BENCH_DIR, 'lua');
export const PROFILES_DIR = join(BENCH_DIR, 'profiles');
export const RESULTS_FILE = join(BENCH_DIR, 'RESULTS.md');

/** Built entry points of the workspace packages, imported by relative path (see README.md). */
export const DIST = Object.freeze({
  core: join(REPO_DIR, 'packages', 'core', 'dist', 'index.js'),
  express: join(REPO_DIR, 'packages', 'express', 'dist', 'index.js'),
  fastify: join(REPO_DIR, 'packages', 'fastify', 'dist', 'index.js'),
  testSupport: join(REPO_DIR, 'packages', 'test-support', 'dist', 'index.js'),
});
