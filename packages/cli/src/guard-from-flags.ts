import { InvalidArgumentError, type Command } from 'commander';
import type { CloudOption, EntraGuard, EntraGuardOptions, TenancyOption } from '@entra-guard/core';
import { UsageError } from './io.js';
import { readJwksFile } from './read-jwks.js';

/** The public cloud's authority, the default of `--authority-host`. */
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

/** The validation flags shared by `verify` and `explain`, as commander parses them. */
export interface GuardFlags {
  readonly clientId: string;
  readonly audience?: readonly string[] | undefined;
  readonly tenant?: readonly string[] | undefined;
  readonly allowedTenant?: readonly string[] | undefined;
  readonly anyTenant?: boolean | undefined;
  readonly jwks?: string | undefined;
  readonly authorityHost?: string | undefined;
  readonly at?: number | undefined;
  readonly clockSkew?: number | undefined;
  readonly maxLifetime?: number | undefined;
  readonly acceptVersion?: readonly string[] | undefined;
}

const collect = (value: string, previous: readonly string[] | undefined): string[] => [...(previous ?? []), value];

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

// Non-numeric text becomes NaN, so core reports the value with its own message.
const numberOrNaN = (value: string): number => (NUMERIC.test(value.trim()) ? Number(value) : Number.NaN);

function positiveSeconds(value: string): number {
  const n = numberOrNaN(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('It must be a positive number of seconds since the Unix epoch.');
  return n;
}

const helpAfter = (name: string): string => `
Exactly one of --tenant, --allowed-tenant or --any-tenant is required.
Exit codes: 0 valid, 1 invalid, 2 usage error.

Examples:
  entra-guard ${name} "$TOKEN" --client-id <api-client-id> --tenant <tenant-guid>
  entra-guard ${name} - --client-id <api-client-id> --tenant <tenant-guid> --jwks keys.json < token.txt`;

/** Adds the validation flags to a command (`verify`, `explain`). */
export function addGuardFlags(command: Command): Command {
  return command
    .requiredOption('--client-id <id>', "the API's application (client) id (required)")
    .option('--audience <aud>', 'an accepted aud, repeatable (default: <client-id> and api://<client-id>)', collect)
    .option('--tenant <guid>', 'accept tokens of this one tenant', collect)
    .option('--allowed-tenant <guid>', 'accept tokens of this tenant, repeatable (multi-tenant)', collect)
    .option('--any-tenant', 'accept tokens of any tenant (the API must isolate tenants itself)')
    .option('--jwks <file>', 'verify offline with this JSON Web Key Set file (default: fetch keys online)')
    .option('--authority-host <url>', 'authority to fetch metadata and keys from', DEFAULT_AUTHORITY_HOST)
    .option('--at <unix-seconds>', 'validate as if the time were this (default: now)', positiveSeconds)
    .option('--clock-skew <seconds>', 'allowed clock difference (default: 300)', numberOrNaN)
    .option('--max-lifetime <seconds>', 'longest accepted exp - iat (default: 100800)', numberOrNaN)
    .option('--accept-version <version>', 'an accepted token version, 1.0 or 2.0, repeatable (default: both)', collect)
    .addHelpText('after', helpAfter(command.name()));
}

function tenancyFrom(flags: GuardFlags): TenancyOption {
  const given = [
    flags.tenant !== undefined && '--tenant',
    flags.allowedTenant !== undefined && '--allowed-tenant',
    flags.anyTenant === true && '--any-tenant',
  ].filter((f): f is string => typeof f === 'string');
  if (given.length === 0) throw new UsageError('exactly one of --tenant <guid>, --allowed-tenant <guid>… or --any-tenant is required');
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} cannot be combined; pass exactly one of --tenant, --allowed-tenant or --any-tenant`);
  if (flags.tenant !== undefined) {
    if (flags.tenant.length > 1) throw new UsageError('--tenant may be given once; use --allowed-tenant (repeatable) to accept several tenants');
    return { mode: 'single', tenantId: flags.tenant[0] ?? '' };
  }
  if (flags.allowedTenant !== undefined) return { mode: 'multi', allowedTenants: flags.allowedTenant };
  return { mode: 'any-tenant', acknowledgeRisk: true };
}

const PRESET_CLOUDS: Readonly<Record<string, 'public' | 'usgov' | 'china'>> = {
  'https://login.microsoftonline.com': 'public',
  'https://login.microsoftonline.us': 'usgov',
  'https://login.partner.microsoftonline.cn': 'china',
};

/** The `cloud` option for an authority host: undefined for the public default, a preset for a sovereign cloud. */
export function cloudFor(authorityHost: string): CloudOption | undefined {
  let preset: 'public' | 'usgov' | 'china' | undefined;
  try {
    const url = new URL(authorityHost);
    const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
    preset = bare ? PRESET_CLOUDS[url.origin] : undefined;
  } catch {
    // not a URL: core names the problem
  }
  if (preset === 'public') return undefined;
  return preset ?? { authorityHost };
}

/**
 * Maps the flags to createEntraGuard options (reads the `--jwks` file).
 *
 * @throws UsageError for a wrong flag combination or an unreadable key set file.
 */
export async function optionsFromFlags(flags: GuardFlags): Promise<EntraGuardOptions> {
  const tenancy = tenancyFrom(flags);
  const cloud = cloudFor(flags.authorityHost ?? DEFAULT_AUTHORITY_HOST);
  const at = flags.at;
  return {
    clientId: flags.clientId,
    tenancy,
    ...(flags.audience !== undefined && { audiences: flags.audience }),
    ...(cloud !== undefined && { cloud }),
    ...(flags.jwks !== undefined && { keys: { jwks: await readJwksFile(flags.jwks) } }),
    ...(at !== undefined && { now: () => at * 1000 }),
    ...(flags.clockSkew !== undefined && { clockSkewSeconds: flags.clockSkew }),
    ...(flags.maxLifetime !== undefined && { maxTokenLifetimeSeconds: flags.maxLifetime }),
    ...(flags.acceptVersion !== undefined && { acceptedVersions: flags.acceptVersion as ('1.0' | '2.0')[] }),
  };
}

// Core names options by their API names; tell the user which flag that is.
const FLAG_OF_OPTION: readonly (readonly [string, string])[] = [
  ['clientId', '--client-id'],
  ['audiences', '--audience'],
  ['tenancy.tenantId', '--tenant'],
  ['tenancy.allowedTenants', '--allowed-tenant'],
  ['cloud', '--authority-host'],
  ['keys', '--jwks'],
  ['clockSkewSeconds', '--clock-skew'],
  ['maxTokenLifetimeSeconds', '--max-lifetime'],
  ['acceptedVersions', '--accept-version'],
];

function usageFromCore(message: string): UsageError {
  const option = /^"([^"]+)"/.exec(message)?.[1] ?? '';
  const flag = FLAG_OF_OPTION.find(([name]) => option === name || option.startsWith(`${name}.`) || option.startsWith(`${name}[`));
  return new UsageError(flag ? `invalid ${flag[1]}: ${message}` : message);
}

/**
 * Builds the guard the flags describe. The caller must `close()` it.
 *
 * @throws UsageError for a wrong flag combination, or with core's message for an invalid value.
 */
export async function guardFromFlags(flags: GuardFlags): Promise<EntraGuard> {
  const options = await optionsFromFlags(flags);
  // Loaded on use, so that `emulator` and `token` start without it.
  const { createEntraGuard } = await import('@entra-guard/core');
  try {
    return createEntraGuard(options);
  } catch (err) {
    if (err instanceof TypeError) throw usageFromCore(err.message);
    throw err;
  }
}
