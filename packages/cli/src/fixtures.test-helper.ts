// Test helpers: the real Entra fixtures (read at run time, never copied) and an in-process runner.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StdinSource } from './io.js';
import { main } from './main.js';

const FIXTURES = new URL('../../../../shared/fixtures/entra-real/', import.meta.url);

/** What a test needs from one fixture file; its claims stay in the fixture. */
export interface Fixture {
  /** Absolute path of the fixture file (usable as `--jwks`). */
  readonly file: string;
  readonly token: string;
  readonly tid: string;
  readonly aud: string;
  readonly exp: number;
  /** Unix seconds inside the token's lifetime: `clock` (or `iat`) + 60. */
  readonly at: number;
}

/** Loads a fixture by its path under fixtures/entra-real, e.g. `negative/neg-03-….json`, or by its number prefix (`059`). */
export function fixture(name: string): Fixture {
  const file = fileURLToPath(new URL(name.endsWith('.json') ? name : findByPrefix(name), FIXTURES));
  const data = JSON.parse(readFileSync(file, 'utf8')) as { token: string; clock?: number | null; iat?: number | null };
  const claims = JSON.parse(Buffer.from(data.token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  const base = data.clock ?? data.iat ?? Number(claims['iat']);
  return { file, token: data.token, tid: String(claims['tid']), aud: String(claims['aud']), exp: Number(claims['exp']), at: base + 60 };
}

function findByPrefix(prefix: string): string {
  const found = readdirSync(FIXTURES).find((f) => f.startsWith(`${prefix}-`) && f.endsWith('.json'));
  if (found === undefined) throw new Error(`no fixture ${prefix}-*.json`);
  return found;
}

/** The flags that make a fixture valid: client id = its aud, its tenant, its keys, its clock. */
export const flagsFor = (f: Fixture): string[] => ['--client-id', f.aud, '--tenant', f.tid, '--jwks', f.file, '--at', String(f.at)];

/** What one in-process run produced. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function run(argv: readonly string[], stdin?: StdinSource): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    ...(stdin !== undefined && { stdin }),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
