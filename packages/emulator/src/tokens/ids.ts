import { createHash, randomBytes } from 'node:crypto';

/** `n` random bytes, base64url without padding. */
export function randomB64u(n: number): string {
  return randomBytes(n).toString('base64url');
}

/**
 * A GUID derived from its parts (SHA-256, formatted with the version-4 and variant bits), so
 * ids the configuration leaves out are the same on every run.
 */
export function derivedGuid(...parts: readonly string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x40;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Entra's pairwise `sub`: stable for one user and one recipient application, different for
 * another application, 43 base64url characters like real ones.
 */
export function pairwiseSub(tenantId: string, objectId: string, appId: string): string {
  return createHash('sha256').update(`${tenantId}|${objectId}|${appId}`).digest('base64url');
}

/** `uti`: 16 random bytes, base64url (22 characters), as in real tokens. */
export function uti(): string {
  return randomB64u(16);
}

/** `aio`: opaque to every consumer; shaped like Entra's base64 blobs. */
export function aio(): string {
  return randomBytes(48).toString('base64').replace(/=+$/, '');
}

/** `rh`: opaque; Entra's look like `0.A<base64url>.`. */
export function rh(tenantId: string, appId: string): string {
  const bytes = Buffer.concat([Buffer.from(tenantId.replaceAll('-', ''), 'hex'), Buffer.from(appId.replaceAll('-', ''), 'hex')]);
  return `0.A${bytes.toString('base64url')}AA.`;
}
