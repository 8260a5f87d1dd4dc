import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createCa, createSigningCertificate, createTlsCertificate, generateRsaKeys, notAfter, sha1Thumbprint, type PemPair } from './certificates.js';

/** Where a published signing key is in its life: Entra publishes the next key before using it. */
export type KeyState = 'active' | 'next' | 'retired' | 'unpublished';

/** A signing key as stored in the data folder. */
export interface StoredSigningKey {
  readonly kid: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** ms since the epoch. */
  readonly createdAt: number;
  readonly state: KeyState;
}

/** Everything the emulator keeps between runs. */
export interface Material {
  readonly dir: string;
  readonly caPath: string;
  readonly ca: PemPair;
  readonly tls: PemPair;
  readonly signingKeys: readonly StoredSigningKey[];
}

/** The default data folder, relative to the current directory (like `.git`). */
export const DEFAULT_DATA_DIR = join('.entra-guard', 'emulator');

const RENEW_BEFORE_MS = 30 * 86_400_000;

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Writes `path` only if it does not exist yet, atomically: the content goes to a temporary file
 * that is then hard-linked into place, which fails when another process won the race. Returns
 * what is on disk afterwards, so two emulators started together agree on one CA.
 */
async function createOnce<T>(path: string, make: () => Promise<T>): Promise<T> {
  const existing = await readJson<T>(path);
  if (existing !== undefined) return existing;
  const value = await make();
  const tmp = `${path}.${randomUUID()}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2), { mode: 0o600 });
  try {
    await link(tmp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(tmp);
  }
  return (await readJson<T>(path)) ?? value;
}

/** Replaces `path` atomically (rename), for files that change while running. */
export async function writeAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${randomUUID()}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2), { mode: 0o600 });
  await rename(tmp, path);
}

/** A new signing key in the given state, named by its certificate's SHA-1 thumbprint. */
export async function newSigningKey(state: KeyState, now = Date.now()): Promise<StoredSigningKey> {
  const pair = await createSigningCertificate('entra-guard emulator token signing', now);
  return { kid: sha1Thumbprint(pair.certPem), certPem: pair.certPem, keyPem: pair.keyPem, createdAt: now, state };
}

interface StoredTls extends PemPair {
  readonly caKid: string;
}

/** Path of the signing-key file inside a data folder. */
export function signingKeysPath(dir: string): string {
  return join(dir, 'signing-keys.json');
}

/**
 * Loads the CA, the TLS certificate and the signing keys from `dataDir`, creating what is
 * missing. RSA generation is the slow part of a first start (about a second for the five keys),
 * so it happens once per folder and in parallel; later starts only read files.
 */
export async function loadMaterial(dataDir: string): Promise<Material> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const signingPromise = createOnce(signingKeysPath(dir), async () =>
    Promise.all([newSigningKey('active'), newSigningKey('next'), newSigningKey('unpublished')]),
  );
  const tlsPath = join(dir, 'tls.json');
  // On a first start the TLS key is generated alongside the CA's instead of after it.
  const tlsKeys = (await readJson<StoredTls>(tlsPath)) === undefined ? generateRsaKeys() : undefined;
  tlsKeys?.catch(() => undefined);
  const ca = await createOnce<PemPair>(join(dir, 'ca.json'), () => createCa());
  const caKid = sha1Thumbprint(ca.certPem);
  let tls = await createOnce<StoredTls>(tlsPath, async () => ({ ...(await createTlsCertificate(ca, Date.now(), tlsKeys)), caKid }));
  // Reissue the leaf when it is about to expire or was issued by another CA; the CA itself stays.
  if (tls.caKid !== caKid || notAfter(tls.certPem) - Date.now() < RENEW_BEFORE_MS) {
    tls = { ...(await createTlsCertificate(ca)), caKid };
    await writeAtomic(tlsPath, tls);
  }
  const caPath = join(dir, 'ca.pem');
  // ca.pem is derived from ca.json and rewritten on every start (atomically: another emulator
  // or a client may be reading it), for NODE_EXTRA_CA_CERTS users.
  const tmp = `${caPath}.${randomUUID()}.tmp`;
  await writeFile(tmp, ca.certPem);
  await rename(tmp, caPath);
  return { dir, caPath, ca, tls: { certPem: tls.certPem, keyPem: tls.keyPem }, signingKeys: await signingPromise };
}
