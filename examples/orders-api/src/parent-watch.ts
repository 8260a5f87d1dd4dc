// `npm start` and `npm run api` run node under `sh -c` (twice, through the workspace). npm
// forwards SIGTERM to its shell only, and the shell dies without passing it on: node would be
// left running, holding its ports. So when started by npm, watch the processes between node and
// the outermost npm, and stop gracefully as soon as one of them is gone.
import { readFileSync } from 'node:fs';

function stat(pid: number): { ppid: number; state: string } | undefined {
  try {
    // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so parse from the last ')'.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

function isNpm(pid: number): boolean {
  try {
    // npm sets its process title ("npm run start"); otherwise it is `node …/npm-cli.js …` or `…/bin/npm …`.
    return /^npm(\s|\0|$)|(^|[/\0])npm(-cli\.js)?(\s|\0|$)/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

/** The ancestors of this process up to the outermost npm (Linux); otherwise just the parent. */
function npmAncestry(): number[] {
  if (process.platform !== 'linux') return [process.ppid];
  const chain: number[] = [];
  let outermostNpm = -1;
  for (let pid = process.ppid; pid > 1 && chain.length < 32; ) {
    chain.push(pid);
    if (isNpm(pid)) outermostNpm = chain.length;
    const next = stat(pid)?.ppid;
    if (next === undefined) break;
    pid = next;
  }
  return outermostNpm < 0 ? [process.ppid] : chain.slice(0, outermostNpm);
}

function gone(pid: number): boolean {
  if (process.platform === 'linux') {
    const s = stat(pid);
    return s === undefined || s.state === 'Z' || s.state === 'X';
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Calls `onOrphaned` once if this process was started by npm and npm (or a shell on the way) goes away. */
export function stopWhenNpmGoes(onOrphaned: () => void, intervalMs = 1_000): void {
  if (process.env.npm_lifecycle_event === undefined) return;
  const chain = npmAncestry();
  const timer = setInterval(() => {
    if (!chain.some(gone)) return;
    clearInterval(timer);
    onOrphaned();
  }, intervalMs);
  timer.unref();
}
