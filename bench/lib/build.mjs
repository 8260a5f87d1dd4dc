/**
 * Brings the measured packages' dist up to date (`tsc -b` is incremental: a no-op when
 * nothing changed). If the build fails, e.g. because another package is mid-change, the bench
 * goes on with the dist already there, and says so.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, REPO_DIR } from './paths.mjs';

const PACKAGES = ['packages/core', 'packages/test-support', 'packages/express', 'packages/fastify'];

/**
 * @param {(line: string) => void} log
 * @returns {string | undefined} a note for the report when the build could not be refreshed
 */
export function ensureBuilt(log) {
  const tsc = join(REPO_DIR, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-b', ...PACKAGES], { cwd: REPO_DIR, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    return undefined;
  } catch (err) {
    const output = `${/** @type {any} */ (err).stdout ?? ''}`.split('\n').slice(0, 5).join(' ');
    const missing = Object.values(DIST).filter((file) => !existsSync(file));
    if (missing.length > 0) throw new Error(`the packages are not built and \`tsc -b\` failed: ${output}`, { cause: err });
    log(`warning: \`tsc -b ${PACKAGES.join(' ')}\` failed; measuring the dist already built (${output})`);
    return `The build could not be refreshed (\`tsc -b\` failed: ${output}); the dist already built was measured.`;
  }
}
