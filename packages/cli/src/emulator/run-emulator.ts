import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError, DEFAULT_DATA_DIR, startEmulator, type Emulator, type EmulatorConfig } from '@entra-guard/emulator';
import type { EmulatorFlags } from '../commands/emulator.js';
import { EXIT, type CliIo } from '../io.js';
import { formatBanner } from './banner.js';
import { DEFAULT_EMULATOR_URL } from './defaults.js';

/** When to stop: `io.signal` aborts (tests), or else SIGINT or SIGTERM; `stop()` does the same. */
interface StopRequest {
  readonly requested: Promise<void>;
  stop(): void;
  dispose(): void;
}

function stopRequest(signal: AbortSignal | undefined): StopRequest {
  let stop = (): void => undefined;
  const requested = new Promise<void>((resolve) => {
    stop = resolve;
  });
  if (signal !== undefined) {
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    return { requested, stop, dispose: () => signal.removeEventListener('abort', stop) };
  }
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    requested,
    stop,
    dispose: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

/** Reads `--config`: the emulator validates the content and lists every problem. */
async function readConfig(file: string): Promise<{ readonly config: EmulatorConfig } | { readonly error: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { error: `cannot read --config ${file}: ${(err as Error).message}` };
  }
  try {
    return { config: JSON.parse(text) as EmulatorConfig };
  } catch (err) {
    return { error: `--config ${file} is not JSON: ${(err as Error).message}` };
  }
}

function listenError(err: unknown, flags: EmulatorFlags): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return `port ${flags.port} on ${flags.host} is already in use (another emulator?); pass --port <n>, or --port 0 for a free one`;
  if (code === 'EACCES') return `not allowed to listen on ${flags.host}:${flags.port}; pass --port <n> above 1023, or --port 0`;
  if (code === 'EADDRNOTAVAIL') return `cannot listen on ${flags.host}: the address is not available on this machine`;
  return undefined;
}

/** The `--emulator`/`--ca` flags `entra-guard token` needs for this emulator (none when the defaults fit). */
function tokenConnectionFlags(emu: Emulator): string[] {
  const flags: string[] = [];
  if (emu.origin !== DEFAULT_EMULATOR_URL) flags.push('--emulator', emu.origin);
  if (emu.caPath !== resolve(DEFAULT_DATA_DIR, 'ca.pem')) flags.push('--ca', emu.caPath);
  return flags;
}

/**
 * `emulator`: starts the emulator, prints the banner, and runs until SIGINT/SIGTERM (or
 * `io.signal`), then stops it. Exit 0 after a clean stop, 1 when it cannot listen, 2 for an
 * invalid `--config` (every problem on its own line).
 */
export async function runEmulator(flags: EmulatorFlags, io: CliIo): Promise<number> {
  let config: EmulatorConfig | undefined;
  if (flags.config !== undefined) {
    const read = await readConfig(flags.config);
    if ('error' in read) {
      io.stderr.write(`error: ${read.error}\n`);
      return EXIT.usage;
    }
    config = read.config;
  }
  // Listen for Ctrl+C before starting: one pressed during a first start (key generation) stops
  // the emulator as soon as it is up, with its files complete.
  const request = stopRequest(io.signal);
  let emu: Emulator;
  try {
    emu = await startEmulator({
      port: flags.port,
      host: flags.host,
      // URLs read https://localhost:PORT (the TLS certificate's name). An IPv6-only listener keeps
      // [::1]: localhost may resolve to 127.0.0.1 alone, where nothing would listen.
      publicHost: flags.host === '::1' ? '[::1]' : 'localhost',
      mode: flags.mode,
      ...(config !== undefined && { config }),
      ...(flags.dataDir !== undefined && { dataDir: flags.dataDir }),
    });
  } catch (err) {
    request.dispose();
    if (err instanceof ConfigError) {
      io.stderr.write(`error: invalid emulator configuration in ${flags.config ?? 'the demo directory'}:\n${err.problems.map((p) => `  ${p}\n`).join('')}`);
      return EXIT.usage;
    }
    const message = listenError(err, flags);
    if (message === undefined) throw err;
    io.stderr.write(`error: ${message}\n`);
    return EXIT.invalid;
  }
  try {
    io.stdout.write(formatBanner(emu, { directory: flags.config ?? 'demo', tokenFlags: tokenConnectionFlags(emu) }));
    io.onReady?.({ emulator: emu, stop: request.stop });
    await request.requested;
  } finally {
    request.dispose();
    await emu.stop();
  }
  io.stderr.write('emulator stopped\n');
  return EXIT.ok;
}
