import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_DATA_DIR_TEXT, DEFAULT_EMULATOR_PORT } from '../emulator/defaults.js';
import type { CliIo, Runner } from '../io.js';

/** The `emulator` flags, as commander parses them. */
export interface EmulatorFlags {
  readonly port: number;
  readonly host: '127.0.0.1' | '::1' | 'localhost';
  readonly config?: string | undefined;
  readonly dataDir?: string | undefined;
  readonly mode: 'self' | 'entra-issuer';
}

function port(value: string): number {
  const n = /^\d{1,5}$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(n >= 0 && n <= 65535)) throw new InvalidArgumentError('It must be a TCP port from 0 to 65535 (0 picks a free one).');
  return n;
}

const HELP_AFTER = `
Prints the origin, one authority per tenant, the CA to trust, the demo applications and users,
and ready-to-paste snippets (NODE_EXTRA_CA_CERTS, MSAL Node, curl, entra-guard token).
Runs until Ctrl+C (SIGINT) or SIGTERM. The CA, TLS certificate and signing keys are created on
the first start and kept in --data-dir, so later starts reuse them.
Exit codes: 0 stopped, 1 could not start, 2 usage error or invalid --config.

Examples:
  entra-guard emulator
  entra-guard emulator --port 0 --config my-directory.json`;

/** Adds the `emulator` command to the program. */
export function registerEmulator(program: Command, io: CliIo, run: Runner): void {
  const command = program
    .command('emulator')
    .description('run a local Microsoft Entra ID emulator (HTTPS, demo directory) until stopped')
    .option('--port <n>', 'TCP port; 0 picks a free one', port, DEFAULT_EMULATOR_PORT)
    .addOption(new Option('--host <address>', 'address to listen on, loopback only; URLs say localhost ([::1] for ::1)').choices(['127.0.0.1', '::1', 'localhost']).default('127.0.0.1'))
    .option('--config <file>', 'JSON directory (tenants, applications, users) to serve (default: the built-in demo directory)')
    .option('--data-dir <dir>', `folder of the CA, TLS certificate and signing keys (default: ${DEFAULT_DATA_DIR_TEXT})`)
    .addOption(
      new Option('--mode <mode>', 'self: issuers on the emulator; entra-issuer: issuers https://login.microsoftonline.com/{tenant}/v2.0')
        .choices(['self', 'entra-issuer'])
        .default('self'),
    )
    .addHelpText('after', HELP_AFTER);
  command.action((flags: EmulatorFlags) =>
    run(command, async () => {
      // Loaded on use: the emulator package costs a few hundred milliseconds to import.
      const { runEmulator } = await import('../emulator/run-emulator.js');
      return runEmulator(flags, io);
    }),
  );
}
