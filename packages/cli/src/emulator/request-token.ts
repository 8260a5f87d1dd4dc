import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTrustingFetch, DEFAULT_DATA_DIR, DEMO, type MintOptions } from '@entra-guard/emulator';
import type { TokenFlags } from '../commands/token.js';
import { EXIT, UsageError, type CliIo } from '../io.js';

/** How long to wait for the emulator's answer. */
const TIMEOUT_MS = 15_000;

/** Demo names accepted by `--user`: sign-in names, so `erin` also works at her guest tenant. */
const DEMO_USERS: Readonly<Record<string, { readonly signInName: string; readonly tenant: string }>> = {
  alice: { signInName: DEMO.users.alice.upn, tenant: DEMO.tenantA.id },
  bob: { signInName: DEMO.users.bob.upn, tenant: DEMO.tenantA.id },
  erin: { signInName: DEMO.users.erin.upn, tenant: DEMO.tenantB.id },
};

/** Demo names accepted by `--app`. */
const DEMO_APPS: Readonly<Record<string, string>> = {
  daemon: DEMO.daemon.appId,
  'sync-daemon': DEMO.syncDaemon.appId,
};

/**
 * The `POST /_emulator/tokens` body for the flags.
 *
 * @throws UsageError for a flag that does not fit the kind of token (`--scope` on an app-only token).
 */
export function mintOptionsFromFlags(flags: TokenFlags): MintOptions {
  const appOnly = flags.app !== undefined && flags.user === undefined;
  if (appOnly && flags.scope !== undefined) throw new UsageError('--scope is for delegated tokens (--user); an app-only token (--app alone) carries --role values');
  const demoUser = flags.user === undefined ? undefined : DEMO_USERS[flags.user.toLowerCase()];
  const user = demoUser?.signInName ?? flags.user;
  const client = flags.app === undefined ? undefined : (DEMO_APPS[flags.app.toLowerCase()] ?? flags.app);
  const tenant = flags.tenant ?? demoUser?.tenant;
  // Orders.Read is a scope of the demo Orders API: the default only when that is the audience.
  const scopes = flags.scope ?? (!appOnly && flags.audience === undefined ? ['Orders.Read'] : undefined);
  return {
    kind: appOnly ? 'app' : 'access',
    audience: flags.audience ?? DEMO.ordersApi.appId,
    ...(tenant !== undefined && { tenant }),
    ...(user !== undefined && { user }),
    ...(client !== undefined && { client }),
    ...(scopes !== undefined && { scopes }),
    ...(flags.role !== undefined && { roles: flags.role }),
    ...(flags.version !== undefined && { version: flags.version }),
    ...(flags.lifetime !== undefined && { lifetimeSeconds: flags.lifetime }),
    ...(flags.claim !== undefined && { claims: flags.claim }),
  };
}

/** Why a request failed, with the causes Node hides in `cause` (ECONNREFUSED, certificate errors...). */
function failureText(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error && parts.length < 4; e = e.cause) {
    const code = (e as NodeJS.ErrnoException).code;
    parts.push(code !== undefined && !e.message.includes(code) ? `${e.message} (${code})` : e.message);
  }
  return parts.length > 0 ? parts.join(': ') : String(err);
}

function hint(err: unknown): string {
  const text = failureText(err);
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(text)) return '; is it running? start it with: entra-guard emulator';
  if (/certificate|self[- ]signed|CERT_|unable to verify/i.test(text)) return '; is --ca the CA of this emulator (its data folder\'s ca.pem)?';
  return '';
}

function errorDescription(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error_description?: unknown; error?: unknown };
    if (typeof parsed.error_description === 'string') return parsed.error_description;
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: the caller shows the text
  }
  return undefined;
}

/** `--emulator` as the URL of the mint endpoint. */
function tokensUrl(emulator: string): URL {
  let url: URL;
  try {
    url = new URL(emulator);
  } catch {
    throw new UsageError(`--emulator must be a URL such as https://localhost:8443, not ${JSON.stringify(emulator)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--emulator must be an https:// URL, not ${emulator}`);
  return new URL('/_emulator/tokens', url.origin);
}

/**
 * `token`: asks the emulator for a token (`POST /_emulator/tokens`) over a connection that
 * trusts the CA file, and prints only the token. Exit 1 (message on stderr) when the emulator
 * cannot be reached or refuses the request.
 *
 * @throws UsageError for wrong flags.
 */
export async function runToken(flags: TokenFlags, io: CliIo): Promise<number> {
  const url = tokensUrl(flags.emulator);
  const body = JSON.stringify(mintOptionsFromFlags(flags));
  let send: typeof fetch = fetch;
  let close = (): void => undefined;
  if (url.protocol === 'https:') {
    const caFile = flags.ca ?? join(DEFAULT_DATA_DIR, 'ca.pem');
    let caPem: string;
    try {
      caPem = await readFile(caFile, 'utf8');
    } catch (err) {
      io.stderr.write(`error: cannot read the emulator CA ${caFile}: ${(err as Error).message}\n`);
      io.stderr.write('Start the emulator in this folder (entra-guard emulator), or pass --ca <its data folder>/ca.pem.\n');
      return EXIT.invalid;
    }
    const trusting = createTrustingFetch(caPem);
    send = trusting.fetch;
    close = trusting.close;
  }
  try {
    let response: Response;
    let text: string;
    try {
      response = await send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
      text = await response.text();
    } catch (err) {
      io.stderr.write(`error: cannot reach the emulator at ${url.origin}: ${failureText(err)}${hint(err)}\n`);
      return EXIT.invalid;
    }
    if (!response.ok) {
      const reason = errorDescription(text) ?? (text.trim().slice(0, 300) || response.statusText);
      io.stderr.write(`error: the emulator refused the token request (HTTP ${response.status}): ${reason}\n`);
      return EXIT.invalid;
    }
    let token: unknown;
    try {
      token = (JSON.parse(text) as { token?: unknown }).token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '') {
      io.stderr.write(`error: ${url.origin} answered without a token; is it an entra-guard emulator?\n`);
      return EXIT.invalid;
    }
    io.stdout.write(`${token}\n`);
    return EXIT.ok;
  } finally {
    close();
  }
}
