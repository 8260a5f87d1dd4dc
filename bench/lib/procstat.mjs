/**
 * Busy time of each core from /proc/stat, to tell how much of the server core went to other
 * processes during a measurement (the machine is shared): foreign = core busy − server CPU.
 */
import { readFileSync } from 'node:fs';

const TICK_US = 10_000; // USER_HZ is 100 on Linux

/** @returns {Map<string, number> | undefined} core name (cpu0, cpu1...) → busy µs */
export function coreBusy() {
  let text;
  try {
    text = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  const busy = new Map();
  for (const line of text.split('\n')) {
    const m = /^(cpu\d+)\s+(.*)$/.exec(line);
    if (m === null) continue;
    const f = m[2].split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal
    const active = f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] ?? 0);
    busy.set(m[1], active * TICK_US);
  }
  return busy;
}
