import { importSigningKey, type SigningKey } from './jwk-import.js';

/** Which key a token names: `kid`, or `x5t` for old v1 tokens that carry only a thumbprint. */
export interface KeySelector {
  readonly kid: string | undefined;
  readonly x5t: string | undefined;
}

interface Entry {
  readonly key: SigningKey;
  lastSeenAt: number;
}

/** What merging a fetched key set changed. */
export interface MergeResult {
  readonly accepted: number;
  readonly skipped: number;
  readonly added: readonly string[];
}

/**
 * Keys by `kid`, merged rather than replaced: Entra's front ends can return different key sets
 * from one request to the next, so a key stays until it has not been seen for `maxStaleMs`.
 */
export class KeySet {
  readonly #byKid = new Map<string, Entry>();
  readonly #maxStaleMs: number;

  constructor(maxStaleMs: number) {
    this.#maxStaleMs = maxStaleMs;
  }

  get size(): number {
    return this.#byKid.size;
  }

  /** Merges a key set's `keys` array, seen at `now`. */
  merge(keys: readonly unknown[], now: number): MergeResult {
    const added: string[] = [];
    let accepted = 0;
    let skipped = 0;
    for (const jwk of keys) {
      const key = importSigningKey(jwk);
      if (typeof key === 'string') {
        skipped++;
        continue;
      }
      accepted++;
      const existing = this.#byKid.get(key.kid);
      if (existing && existing.key.issuer === key.issuer && existing.key.key.equals(key.key)) {
        existing.lastSeenAt = now;
      } else {
        if (!existing) added.push(key.kid);
        this.#byKid.set(key.kid, { key, lastSeenAt: now });
      }
    }
    return { accepted, skipped, added };
  }

  /** Drops keys not seen for longer than `maxStaleMs`; returns their ids. */
  expire(now: number): string[] {
    const removed: string[] = [];
    for (const [kid, entry] of this.#byKid) {
      if (now - entry.lastSeenAt > this.#maxStaleMs) {
        this.#byKid.delete(kid);
        removed.push(kid);
      }
    }
    return removed;
  }

  /** The key the token names, if it is usable at `now`. */
  find(selector: KeySelector, now: number): SigningKey | undefined {
    let entry: Entry | undefined;
    if (selector.kid !== undefined) {
      entry = this.#byKid.get(selector.kid);
    } else if (selector.x5t !== undefined) {
      // Microsoft's kid is the certificate thumbprint, so a thumbprint names the key by either member.
      entry = this.#byKid.get(selector.x5t);
      if (!entry) for (const e of this.#byKid.values()) if (e.key.x5t === selector.x5t) entry = e;
    }
    if (!entry || now - entry.lastSeenAt > this.#maxStaleMs) return undefined;
    return entry.key;
  }

  /** True when the token's key is held but has not been seen in a fetch for `maxStaleMs`. */
  isStale(selector: KeySelector, now: number): boolean {
    const kid = selector.kid ?? selector.x5t;
    const entry = kid === undefined ? undefined : this.#byKid.get(kid);
    return entry !== undefined && now - entry.lastSeenAt > this.#maxStaleMs;
  }

  /** Keys usable at `now`. */
  usable(now: number): number {
    let n = 0;
    for (const e of this.#byKid.values()) if (now - e.lastSeenAt <= this.#maxStaleMs) n++;
    return n;
  }

  /** Ids of the keys currently held. */
  kids(): string[] {
    return [...this.#byKid.keys()];
  }
}
