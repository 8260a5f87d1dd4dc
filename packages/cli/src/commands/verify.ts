import type { Command } from 'commander';
import { addGuardFlags, guardFromFlags, type GuardFlags } from '../guard-from-flags.js';
import { EXIT, type CliIo, type Runner } from '../io.js';
import { readToken } from '../read-token.js';
import { toJson } from '../to-json.js';

// The messages of an error's causes, e.g. "request failed: fetch failed: self-signed certificate".
function causes(err: unknown): string | undefined {
  const messages: string[] = [];
  for (let c = (err as { cause?: unknown }).cause; c instanceof Error && messages.length < 5; c = c.cause) messages.push(c.message);
  return messages.length === 0 ? undefined : messages.join(': ');
}

/**
 * `verify`: validates the token. Exit 0 with the principal as JSON on stdout, or exit 1 with
 * `{"valid":false,"code":"EG_…","reason":"…"}` on stdout.
 *
 * @throws UsageError for wrong flags or an empty token.
 */
export async function runVerify(tokenArgument: string, flags: GuardFlags, io: CliIo): Promise<number> {
  // Loaded on use, so that `emulator` and `token` start without it.
  const { isEntraGuardError } = await import('@entra-guard/core');
  const guard = await guardFromFlags(flags);
  try {
    const token = await readToken(tokenArgument, io.stdin);
    const principal = await guard.validateToken(token);
    io.stdout.write(`${toJson(principal)}\n`);
    return EXIT.ok;
  } catch (err) {
    if (!isEntraGuardError(err)) throw err;
    io.stdout.write(`${toJson({ valid: false, code: err.code, reason: err.detail })}\n`);
    // Why keys could not be fetched (network, TLS, NODE_EXTRA_CA_CERTS) is worth a line on stderr.
    const cause = causes(err);
    if (cause !== undefined) io.stderr.write(`cause: ${cause}\n`);
    return EXIT.invalid;
  } finally {
    guard.close();
  }
}

/** Adds the `verify` command to the program. */
export function registerVerify(program: Command, io: CliIo, run: Runner): void {
  const command = program
    .command('verify')
    .description('validate an access token; print the principal as JSON (exit 0) or why it is invalid (exit 1)')
    .argument('<token>', 'the access token, "Bearer <token>", or - to read it from stdin');
  addGuardFlags(command).action((token: string, flags: GuardFlags) => run(command, () => runVerify(token, flags, io)));
}
