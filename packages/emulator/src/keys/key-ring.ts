import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { certificateDer } from './certificates.js';
import { newSigningKey, type KeyState, type StoredSigningKey } from './data-dir.js';

/** A signing key ready for use: node:crypto key objects plus what the JWKS publishes. */
export interface SigningKey {
  readonly kid: string;
  readonly state: KeyState;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** base64 DER of the self-signed certificate (`x5c[0]`). */
  readonly x5c: string;
  readonly n: string;
  readonly e: string;
  readonly stored: StoredSigningKey;
}

/** One entry of a JWKS, member order as in Entra's documents: kty, use, kid, x5t, n, e, x5c, issuer. */
export interface PublishedJwk {
  readonly kty: 'RSA';
  readonly use: 'sig';
  readonly kid: string;
  readonly x5t: string;
  readonly n: string;
  readonly e: string;
  readonly x5c: readonly string[];
  readonly issuer?: string;
  readonly cloud_instance_name?: string;
}

function load(stored: StoredSigningKey): SigningKey {
  const privateKey = createPrivateKey(stored.keyPem);
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new Error(`signing key ${stored.kid} is not RSA`);
  return {
    kid: stored.kid,
    state: stored.state,
    privateKey,
    publicKey,
    x5c: certificateDer(stored.certPem).toString('base64'),
    n: jwk.n,
    e: jwk.e,
    stored,
  };
}

const PUBLISHED: readonly KeyState[] = ['active', 'next', 'retired'];

/**
 * The token-signing keys. Like Entra, the set publishes the key in use, the next one (so
 * validators can learn it before it signs anything) and, after a rotation, the one it replaced.
 * One more key is never published: tokens signed with it exercise a validator's unknown-`kid` path.
 */
export class KeyRing {
  #keys: SigningKey[];
  #rotation: Promise<void> = Promise.resolve();
  readonly #persist: (keys: readonly StoredSigningKey[]) => Promise<void>;

  constructor(stored: readonly StoredSigningKey[], persist: (keys: readonly StoredSigningKey[]) => Promise<void>) {
    this.#keys = stored.map(load);
    this.#persist = persist;
    if (this.byState('active') === undefined) throw new Error('the signing-key file has no active key');
  }

  /** The key that signs every token unless a test asks otherwise. */
  active(): SigningKey {
    const key = this.byState('active');
    if (key === undefined) throw new Error('no active signing key');
    return key;
  }

  byState(state: KeyState): SigningKey | undefined {
    return this.#keys.find((k) => k.state === state);
  }

  /** A published key by `kid`: the only keys the emulator trusts when it checks its own tokens. */
  findPublished(kid: string): SigningKey | undefined {
    return this.#keys.find((k) => k.kid === kid && PUBLISHED.includes(k.state));
  }

  published(): readonly SigningKey[] {
    return PUBLISHED.flatMap((state) => this.#keys.filter((k) => k.state === state));
  }

  /** The JWKS document; `issuer` only on v2 key endpoints (v1 keys carry none). */
  jwks(options: { readonly issuer?: string; readonly cloudInstanceName?: string } = {}): { readonly keys: readonly PublishedJwk[] } {
    return {
      keys: this.published().map((k) => ({
        kty: 'RSA',
        use: 'sig',
        kid: k.kid,
        x5t: k.kid,
        n: k.n,
        e: k.e,
        x5c: [k.x5c],
        ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
        ...(options.cloudInstanceName === undefined ? {} : { cloud_instance_name: options.cloudInstanceName }),
      })),
    };
  }

  /**
   * Rotates: the next key starts signing, the active one stays published as `retired` until the
   * following rotation, the previous retired key disappears, and a fresh next key is generated.
   */
  rotate(): Promise<void> {
    // Serialised: two overlapping rotations would otherwise both promote the same next key.
    const run = this.#rotation.then(() => this.#rotateOnce());
    this.#rotation = run.catch(() => undefined);
    return run;
  }

  async #rotateOnce(): Promise<void> {
    const fresh = await newSigningKey('next');
    const moved: StoredSigningKey[] = [];
    for (const key of this.#keys) {
      const s = key.stored;
      if (s.state === 'retired') continue;
      if (s.state === 'active') moved.push({ ...s, state: 'retired' });
      else if (s.state === 'next') moved.push({ ...s, state: 'active' });
      else moved.push(s);
    }
    moved.push(fresh);
    await this.#persist(moved);
    this.#keys = moved.map(load);
  }

  /** What the data folder holds. */
  stored(): readonly StoredSigningKey[] {
    return this.#keys.map((k) => k.stored);
  }
}
