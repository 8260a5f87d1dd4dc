import type { Command } from 'commander';
import type { Emulator } from '@entra-guard/emulator';

/** Somewhere text can be written: `process.stdout`, or a collector in tests. */
export interface Writer {
  write(text: string): unknown;
  /** Terminal width, when the writer is a terminal. */
  readonly columns?: number;
}

/** Where a token given as `-` is read from: the text itself, or a stream such as `process.stdin`. */
export type StdinSource = string | AsyncIterable<string | Uint8Array>;

/** The process streams the CLI uses, injectable so tests can run it in-process. */
export interface CliIo {
  readonly stdout: Writer;
  readonly stderr: Writer;
  /** Read only when the token argument is `-`. */
  readonly stdin?: StdinSource;
  /**
   * Stops a long-running command (`emulator`) when aborted. Without it, the command stops on
   * SIGINT or SIGTERM.
   */
  readonly signal?: AbortSignal;
  /** Called once `emulator` listens and has printed its banner; tests use it to reach and stop it. */
  readonly onReady?: (running: RunningEmulator) => void;
}

/** The emulator started by the `emulator` command, as handed to {@link CliIo.onReady}. */
export interface RunningEmulator {
  readonly emulator: Emulator;
  /** Stops the emulator, as SIGINT would; `main` then resolves with exit code 0. */
  stop(): void;
}

/** A wrong invocation (bad flag combination or value): reported on stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes of every command. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/**
 * Runs a command's work and records its exit code; a UsageError becomes a commander usage
 * error of `command` (message on stderr, exit 2). Provided by `main` to every command.
 */
export type Runner = (command: Command, work: () => Promise<number>) => Promise<void>;
