import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_CA_TEXT, DEFAULT_EMULATOR_URL } from '../emulator/defaults.js';
import type { CliIo, Runner } from '../io.js';

/** The `token` flags, as commander parses them. */
export interface TokenFlags {
  readonly emulator: string;
  readonly ca?: string | undefined;
  readonly user?: string | undefined;
  readonly app?: string | undefined;
  readonly audience?: string | undefined;
  readonly scope?: readonly string[] | undefined;
  readonly role?: readonly string[] | undefined;
  readonly tenant?: string | undefined;
  readonly version?: 1 | 2 | undefined;
  readonly lifetime?: number | undefined;
  readonly claim?: Readonly<Record<string, unknown>> | undefined;
}

const collect = (value: string, previous: readonly string[] | undefined): string[] => [...(previous ?? []), value];

function version(value: string): 1 | 2 {
  if (value === '1' || value === '1.0') return 1;
  if (value === '2' || value === '2.0') return 2;
  throw new InvalidArgumentError('It must be 1 or 2.');
}

function lifetime(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(n >= 1 && Number.isSafeInteger(n))) throw new InvalidArgumentError('It must be a positive whole number of seconds.');
  return n;
}

/** `name=value`: the value as JSON (`null` removes the claim), or else as a string. */
function claim(value: string, previous: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const at = value.indexOf('=');
  const name = at < 0 ? '' : value.slice(0, at).trim();
  if (name === '') throw new InvalidArgumentError('It must be name=value, e.g. --claim xms_cc=\'["cp1"]\' or --claim acrs=c1.');
  const text = value.slice(at + 1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { ...previous, [name]: parsed };
}

const HELP_AFTER = `
Prints only the token on stdout, so TOKEN=$(entra-guard token --user alice) works.
Demo names: --user alice, bob (tenant Contoso) or erin (tenant Fabrikam); --app daemon (Orders
Reporter: Orders.Read.All) or sync-daemon (Orders Sync: Orders.Read.All, Orders.ReadWrite.All).
Defaults: a delegated token for the demo Orders API with scope Orders.Read (--user, or no
--user/--app: the tenant's first user); with --app alone, an app-only token carrying the app's
granted permissions; with --user and --app, a delegated token issued to that app.
Exit codes: 0 token printed, 1 emulator unreachable or request refused, 2 usage error.

Examples:
  entra-guard token --user alice
  entra-guard token --app daemon
  entra-guard token --user bob --scope Orders.Read --scope Orders.Write --lifetime 300
  entra-guard token --user alice --claim acrs='["c1"]' --emulator https://localhost:9443 --ca ./ca.pem
  curl -H "Authorization: Bearer $(entra-guard token --user alice)" http://localhost:3000/api/orders`;

/** Adds the `token` command to the program. */
export function registerToken(program: Command, io: CliIo, run: Runner): void {
  const command = program
    .command('token')
    .description('mint an access token from a running emulator (entra-guard emulator) and print it')
    .option('--emulator <url>', 'the emulator origin', DEFAULT_EMULATOR_URL)
    .option('--ca <file>', `the emulator CA certificate to trust (default: ${DEFAULT_CA_TEXT})`)
    .option('--user <user>', 'a delegated token for alice, bob, erin, or a user object id or sign-in name')
    .option('--app <app>', 'an app-only token for daemon, sync-daemon or a client id (with --user: the client of the delegated token)')
    .option('--audience <resource>', 'the resource, by application id or identifier URI (default: the demo Orders API)')
    .option('--scope <scope>', 'an scp value, repeatable (delegated tokens; default Orders.Read for the Orders API)', collect)
    .option('--role <role>', "a roles value, repeatable (default: the user's or the app's assignments)", collect)
    .option('--tenant <tenant>', "tenant id or domain (default: the demo user's tenant, else the first tenant)")
    .option('--version <1|2>', "token version (default: the resource's accessTokenAcceptedVersion)", version)
    .option('--lifetime <seconds>', 'seconds from issue to expiry (default as Entra: 60-90 minutes for users, 60 minutes for apps)', lifetime)
    .option('--claim <name=json>', 'add or replace a claim, repeatable; JSON value, else a string; null removes the claim', claim)
    .addHelpText('after', HELP_AFTER);
  command.action((flags: TokenFlags) =>
    run(command, async () => {
      // Loaded on use: the emulator package costs a few hundred milliseconds to import.
      const { runToken } = await import('../emulator/request-token.js');
      return runToken(flags, io);
    }),
  );
}
