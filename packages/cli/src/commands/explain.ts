import type { Command } from 'commander';
import { decodeUnverified } from '../decode-unverified.js';
import { formatExplanation } from '../format-explanation.js';
import { addGuardFlags, guardFromFlags, type GuardFlags } from '../guard-from-flags.js';
import { EXIT, type CliIo, type Runner } from '../io.js';
import { readToken } from '../read-token.js';
import { toJson } from '../to-json.js';

/** Flags of `explain`: the validation flags and `--json`. */
export interface ExplainFlags extends GuardFlags {
  readonly json?: boolean | undefined;
}

/**
 * `explain`: runs every check and prints each outcome (or, with `--json`, the explanation
 * object). Exit 0 when the token is valid, 1 when it is not.
 *
 * @throws UsageError for wrong flags or an empty token.
 */
export async function runExplain(tokenArgument: string, flags: ExplainFlags, io: CliIo): Promise<number> {
  const guard = await guardFromFlags(flags);
  try {
    const token = await readToken(tokenArgument, io.stdin);
    const explanation = await guard.explain(token);
    if (flags.json === true) {
      io.stdout.write(`${toJson(explanation)}\n`);
    } else {
      io.stdout.write(
        formatExplanation(explanation, {
          token: decodeUnverified(token),
          authorityHost: guard.options.cloud.authorityHost,
          offline: flags.jwks !== undefined,
          tenantId: guard.options.tenancy.mode === 'single' ? guard.options.tenancy.tenantId : undefined,
          clockMs: guard.options.now(),
          clockFromFlag: flags.at !== undefined,
        }),
      );
    }
    return explanation.valid ? EXIT.ok : EXIT.invalid;
  } finally {
    guard.close();
  }
}

/** Adds the `explain` command to the program. */
export function registerExplain(program: Command, io: CliIo, run: Runner): void {
  const command = program
    .command('explain')
    .description('run every check on an access token and show which pass, which fails and what to change')
    .argument('<token>', 'the access token, "Bearer <token>", or - to read it from stdin');
  addGuardFlags(command)
    .option('--json', 'print the explanation as JSON')
    .action((token: string, flags: ExplainFlags) => run(command, () => runExplain(token, flags, io)));
}
