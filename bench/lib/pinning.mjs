/**
 * CPU pinning: the server under test on core 0, the load generator (and this harness) on core
 * 1, through taskset. Without taskset (or with fewer than two cores) nothing is pinned and the
 * report says so.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export const SERVER_CORE = '0';
export const LOAD_CORE = '1';

let available;

/** @returns {boolean} */
export function canPin() {
  if (available === undefined) {
    try {
      execFileSync('taskset', ['-c', SERVER_CORE, 'true'], { stdio: 'ignore' });
      available = availableParallelism() >= 2;
    } catch {
      available = false;
    }
  }
  return available;
}

/**
 * The command line that runs `command args` on `core`.
 *
 * @param {string} core
 * @param {string} command
 * @param {string[]} args
 * @returns {[string, string[]]}
 */
export function pinned(core, command, args) {
  return canPin() ? ['taskset', ['-c', core, command, ...args]] : [command, args];
}

/** Moves this process (every thread) to the load core, once the token minting is done. */
export function pinSelfToLoadCore() {
  if (!canPin()) return;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', LOAD_CORE, String(process.pid)], { stdio: 'ignore' });
  } catch {
    // Not fatal: the harness is idle while measuring.
  }
}
