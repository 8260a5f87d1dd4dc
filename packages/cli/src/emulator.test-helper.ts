// Test helpers for `emulator` and `token`: temp folders, the CLI's emulator run in-process, child
// processes of the built bin. Everything started here is stopped after the test file.
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEntraGuard, type EntraGuard, type TenancyOption } from '@entra-guard/core';
import { createTrustingFetch, DEMO, startEmulator, type Emulator, type TrustingFetch } from '@entra-guard/emulator';
import { afterAll } from 'vitest';
import type { RunningEmulator } from './io.js';
import { main } from './main.js';

/** The built CLI (tests that spawn it need `npx tsc -b packages/cli` first). */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

// Hooks registered while a hook runs are ignored by vitest, so cleanups go to one list that a
// single afterAll (registered when a test file imports this module) runs in reverse order.
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `cleanup` after the file's tests (before earlier-registered ones). */
export function onCleanup(cleanup: () => Promise<unknown>): void {
  cleanups.push(cleanup);
}

/** An empty temp folder, removed after the file's tests. */
export async function tempDir(prefix = 'entra-guard-cli-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// RSA key generation costs a second or more per data folder (on a 2-CPU machine), and competes
// with the startup-time test: test emulators start from a copy of one generated set instead.
// The set is published by an atomic rename, so parallel workers never see half of it.
const TEMPLATE = join(tmpdir(), `entra-guard-cli-test-material-v1-${process.getuid?.() ?? 'user'}`);

/** A temp data folder (removed after the file's tests) holding a copy of a generated CA and key set. */
export async function seededDataDir(): Promise<string> {
  const dir = await tempDir('entra-guard-cli-emulator-');
  try {
    await cp(TEMPLATE, dir, { recursive: true });
    return dir;
  } catch {
    const emu = await startEmulator({ port: 0, dataDir: dir });
    await emu.stop();
    const staging = `${TEMPLATE}.${process.pid}.${Date.now()}`;
    await cp(dir, staging, { recursive: true });
    await rename(staging, TEMPLATE).catch(() => rm(staging, { recursive: true, force: true }));
    return dir;
  }
}

/** `entra-guard emulator` run in-process by `main`, with its output so far. */
export interface CliEmulator {
  readonly emulator: Emulator;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Stops it (as SIGINT would) and resolves to `main`'s exit code. */
  stop(): Promise<number>;
}

/** What `main(['emulator', …])` did when it ended before becoming ready. */
export interface EndedEarly {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `main(['emulator', ...args])` in-process and resolves once it is ready, or with its exit
 * code when it ends first (bad flags, bad --config). Stopped after the file's tests at the latest.
 */
export async function runCliEmulator(args: readonly string[]): Promise<CliEmulator | EndedEarly> {
  let stdout = '';
  let stderr = '';
  const abort = new AbortController();
  let ready: (running: RunningEmulator) => void = () => undefined;
  const readyPromise = new Promise<RunningEmulator>((resolve) => {
    ready = resolve;
  });
  const io = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    signal: abort.signal,
    onReady: (running: RunningEmulator) => ready(running),
  };
  const done = main(['emulator', ...args], io);
  const first = await Promise.race([readyPromise, done]);
  if (typeof first === 'number') return { code: first, stdout, stderr };
  const stop = async (): Promise<number> => {
    abort.abort();
    return done;
  };
  onCleanup(stop);
  return { emulator: first.emulator, stdout: () => stdout, stderr: () => stderr, stop };
}

/** Starts the CLI's emulator on a free port with its own temp data folder (plus `args`); fails if it does not become ready. */
export async function startCliEmulator(args: readonly string[] = []): Promise<CliEmulator> {
  const started = await runCliEmulator(['--port', '0', '--data-dir', await seededDataDir(), ...args]);
  if (!('emulator' in started)) throw new Error(`emulator ended with exit ${started.code}: ${started.stderr}`);
  return started;
}

/** A fetch trusting the CA file, closed after the file's tests. */
export async function trustingFetch(caPath: string): Promise<TrustingFetch['fetch']> {
  const trusting = createTrustingFetch(await readFile(caPath, 'utf8'));
  onCleanup(async () => trusting.close());
  return trusting.fetch;
}

/** A guard for the demo Orders API that fetches its keys from the emulator, trusting its CA. */
export async function ordersApiGuard(emu: Emulator, tenancy: TenancyOption = { mode: 'single', tenantId: DEMO.tenantA.id }): Promise<EntraGuard> {
  const guard = createEntraGuard({ clientId: DEMO.ordersApi.appId, tenancy, cloud: { authorityHost: emu.origin }, fetch: await trustingFetch(emu.caPath) });
  onCleanup(async () => guard.close());
  return guard;
}

/** A JWT's payload, unverified (tests look at claims). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** What a finished child process produced. */
export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Waits for a child to exit, collecting its output. */
export function exited(child: ChildProcess): Promise<ProcessResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Spawns `node <script> ...args` with extra environment variables; killed after the file's tests if still running. */
export function spawnNode(script: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): ChildProcess {
  const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return child;
}

/** Runs `node <script> ...args` to the end. */
export function runNode(script: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<ProcessResult> {
  return exited(spawnNode(script, args, env));
}
