// PGlite runs initdb on every new database, which takes seconds (≈10 s on a small machine).
// The result of a fresh initdb is the same every time, so it is dumped once and kept as a
// template in node_modules/.cache: later starts load it in about a second. The template holds
// an empty cluster (no schema, no data); migrations always run after it is loaded.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const require = createRequire(import.meta.url);

function pgliteVersion(): string {
  const entry = require.resolve('@electric-sql/pglite');
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

/** `<orders-api>/node_modules/.cache/orders-api` (this file is in src/db or dist/db). */
export function defaultTemplateDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', '.cache', 'orders-api');
}

const memo = new Map<string, Promise<Blob | undefined>>();

async function readTemplate(file: string): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(file)], { type: 'application/x-gzip' });
  } catch {
    return undefined;
  }
}

async function writeTemplate(file: string, dump: Blob): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  // Write then rename: a concurrent reader sees the old file or the whole new one.
  const partial = `${file}.${randomUUID()}.partial`;
  try {
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
}

/**
 * A new in-memory PGlite, from the cached template when there is one. `cacheDir: false` never
 * reads or writes a template.
 */
export async function createPglite(cacheDir: string | false = defaultTemplateDir()): Promise<PGlite> {
  if (cacheDir === false) return PGlite.create();
  const file = join(cacheDir, `pglite-${pgliteVersion()}-initdb.tgz`);
  const template = await (memo.get(file) ?? readTemplate(file));
  if (template !== undefined) {
    memo.set(file, Promise.resolve(template));
    try {
      return await PGlite.create({ loadDataDir: template });
    } catch {
      // A damaged template: forget it and initialise from scratch below.
      memo.delete(file);
    }
  }
  const db = await PGlite.create();
  try {
    const dump = await db.dumpDataDir('gzip');
    memo.set(file, Promise.resolve(dump));
    await writeTemplate(file, dump);
  } catch {
    // The cache is an optimisation: a read-only disk only makes the next start slower.
  }
  return db;
}
