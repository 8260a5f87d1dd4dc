/**
 * The load generator: wrk if installed; if not and we are root with apt-get, install Debian's
 * wrk; else autocannon from this package.
 */
import { execFileSync } from 'node:child_process';

/** @param {string} command @returns {boolean} */
function has(command) {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {'wrk' | 'autocannon' | undefined} wanted
 * @param {(line: string) => void} log
 * @returns {'wrk' | 'autocannon'}
 */
export function chooseLoadTool(wanted, log) {
  if (wanted === 'autocannon') return 'autocannon';
  if (has('wrk')) return 'wrk';
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && has('apt-get')) {
    log('wrk is missing: installing it with apt-get (Debian package "wrk")...');
    const install = () => execFileSync('apt-get', ['install', '-y', '-q', 'wrk'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    try {
      install();
    } catch {
      try {
        execFileSync('apt-get', ['update', '-q'], { stdio: 'ignore' });
        install();
      } catch {
        // fall through to autocannon
      }
    }
    if (has('wrk')) return 'wrk';
  }
  if (wanted === 'wrk') throw new Error('--tool wrk: wrk is not installed and could not be installed');
  log('wrk is not available: falling back to autocannon (Node.js; it may cap the fastest baselines).');
  return 'autocannon';
}

/** @returns {string} e.g. "wrk 4.1.0" */
export function wrkVersion() {
  try {
    execFileSync('wrk', ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    // wrk -v prints its version and exits 1.
    const out = `${/** @type {any} */ (err).stdout ?? ''}`;
    const m = /wrk (\S+)/.exec(out);
    if (m) return `wrk ${m[1]}`;
  }
  return 'wrk (version unknown)';
}
