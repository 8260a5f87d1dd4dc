import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { loadMaterial } from '../src/keys/data-dir.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../src/index.js';

// Vitest ignores hooks registered while a hook runs (helpers are called from beforeAll), so
// cleanups go to a list that one afterAll, registered when a test file imports this module,
// runs in reverse order: emulators stop before their folders are removed.
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An empty temp data folder, removed after the file's tests: the emulator creates its CA and keys there. */
export async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'entra-emulator-test-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// RSA generation costs about a second per data folder; test files copy one generated set
// instead (the startup test uses an empty folder to cover the cold path). The set is published
// by an atomic rename, so parallel workers never see half of it.
const TEMPLATE = join(tmpdir(), `entra-emulator-test-material-v1-${process.getuid?.() ?? 'user'}`);

/** A temp data folder (removed after the file's tests) holding a copy of a generated CA and key set. */
export async function seededDataDir(): Promise<string> {
  const dir = await tempDataDir();
  try {
    await cp(TEMPLATE, dir, { recursive: true });
    return dir;
  } catch {
    await loadMaterial(dir);
    const staging = `${TEMPLATE}.${process.pid}.${Date.now()}`;
    await cp(dir, staging, { recursive: true });
    await rename(staging, TEMPLATE).catch(() => rm(staging, { recursive: true, force: true }));
    return dir;
  }
}

/** Starts an emulator on 127.0.0.1:0 with its own temp data folder; stopped after the file's tests. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const dataDir = options.dataDir ?? (await seededDataDir());
  const emu = await startEmulator({ port: 0, deviceCodeIntervalSeconds: 1, ...options, dataDir });
  cleanups.push(() => emu.stop());
  return emu;
}

/** Decodes a JWT's header and payload (no verification: tests look at shapes). */
export function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h = '', p = ''] = token.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), payload: JSON.parse(Buffer.from(p, 'base64url').toString()) };
}

/** What the browser leg of an auth-code flow ends with. */
export interface SignInResult {
  /** The redirect to the client, with `code`, `state`... */
  readonly location: URL;
  /** The session cookie (`ESTSAUTH=…`) to reuse for SSO. */
  readonly cookie: string | undefined;
}

function cookieOf(res: Response): string | undefined {
  const set = res.headers.get('set-cookie');
  return set === null ? undefined : set.split(';')[0];
}

/**
 * Drives the authorize endpoint with fetch, as a browser would: GET the URL; when the
 * emulator shows the sign-in form, POST the credentials to the form's action; return the
 * redirect to the client. No browser needed.
 */
export async function signIn(emu: Emulator, authorizeUrl: string, user?: { readonly login: string; readonly password: string }, cookie?: string): Promise<SignInResult> {
  const headers: Record<string, string> = cookie === undefined ? {} : { cookie };
  const first = await emu.fetch(authorizeUrl, { redirect: 'manual', headers });
  if (first.status === 302) return { location: new URL(first.headers.get('location') ?? ''), cookie };
  const html = await first.text();
  if (user === undefined) throw new Error(`expected a redirect, got ${first.status}: ${html.slice(0, 300)}`);
  const ctx = /name="ctx" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)" id="credentials">/.exec(html)?.[1];
  if (ctx === undefined || action === undefined) throw new Error(`no sign-in form: ${html.slice(0, 500)}`);
  const post = await emu.fetch(new URL(action, authorizeUrl), {
    method: 'POST',
    redirect: 'manual',
    headers,
    body: new URLSearchParams({ ctx, login: user.login, passwd: user.password }),
  });
  if (post.status !== 302) throw new Error(`sign-in did not redirect (${post.status}): ${(await post.text()).slice(0, 800)}`);
  return { location: new URL(post.headers.get('location') ?? ''), cookie: cookieOf(post) ?? cookie };
}

/** POSTs a form to an emulator URL and returns status and JSON body. */
export async function postForm(emu: Emulator, url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await emu.fetch(url, { method: 'POST', headers, body: new URLSearchParams(fields) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}
