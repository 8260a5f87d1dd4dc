import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerEmulator } from './commands/emulator.js';
import { registerExplain } from './commands/explain.js';
import { registerToken } from './commands/token.js';
import { registerVerify } from './commands/verify.js';
import { EXIT, UsageError, type CliIo, type Runner } from './io.js';

function version(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    return String((pkg as { version?: unknown }).version ?? '0.0.0');
  } catch {
    return '0.0.0';
  }
}

const processIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  // A getter, so stdin is only opened when a token is read from it.
  get stdin() {
    return process.stdin;
  },
});

function buildProgram(io: CliIo, run: Runner): Command {
  const program = new Command('entra-guard')
    .description('Verify and explain Microsoft Entra ID access tokens; run a local Entra ID emulator and mint tokens from it.')
    .version(version(), '-V, --version')
    // Program options only before the command, so `token --version 1` is the token's version.
    .enablePositionalOptions()
    // Before any subcommand is added, so the subcommands inherit these settings.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      getOutHelpWidth: () => io.stdout.columns ?? 80,
      getErrHelpWidth: () => io.stderr.columns ?? 80,
    })
    .showHelpAfterError('(add --help for usage)');
  registerVerify(program, io, run);
  registerExplain(program, io, run);
  registerEmulator(program, io, run);
  registerToken(program, io, run);
  return program;
}

/**
 * Runs the CLI with `argv` (without the node and script paths) and resolves to the exit code:
 * 0 valid, 1 invalid, 2 usage error. Never calls `process.exit`, so tests can run it in-process.
 * `emulator` resolves only once stopped: by SIGINT/SIGTERM, or `io.signal` / the handle given to
 * `io.onReady` in tests.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const run: Runner = async (command, work) => {
    try {
      exitCode = await work();
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      command.error(`error: ${err.message}`, { exitCode: EXIT.usage, code: 'entra-guard.usage' });
    }
  };
  try {
    await buildProgram(io, run).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    // --help and --version "fail" with exit code 0; every other commander error is a usage error.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    io.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.invalid;
  }
}
