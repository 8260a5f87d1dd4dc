import { NOT_REVOKED, type RevocationDecision, type RevocationQuery } from '@entra-guard/core';
import { kindOf } from './names.js';

/** One revocation entry: its number (valid-from or exp, seconds; 1 for a client) and when it lapses. */
export interface Entry {
  readonly value: number;
  /** Wall-clock ms; `Infinity` until deleted. */
  readonly expiresAt: number;
}

/** A change seen while a snapshot was being read: replayed over the snapshot before it is used. */
type Change = readonly [name: string, entry: Entry | undefined];

const CLIENT_REVOKED: RevocationDecision = Object.freeze({ revoked: true, reason: 'client' });
const TOKEN_REVOKED: RevocationDecision = Object.freeze({ revoked: true, reason: 'token' });

export const entryFor = (value: number, ttlMs: number, nowMs: number): Entry => ({
  value,
  expiresAt: ttlMs < 0 ? Number.POSITIVE_INFINITY : nowMs + ttlMs,
});

const live = (entry: Entry | undefined, now: () => number): boolean =>
  entry !== undefined && (entry.expiresAt === Number.POSITIVE_INFINITY || entry.expiresAt > now());

/**
 * Entries by kind, keyed by the ids a query carries (users by tenant, then object id), so a
 * lookup hashes strings the principal already holds instead of building a name per request.
 */
export class EntryMap {
  readonly clients = new Map<string, Entry>();
  readonly tokens = new Map<string, Entry>();
  readonly users = new Map<string, Map<string, Entry>>();

  /** Sets (`entry`) or deletes (`undefined`) an entry by its name (`user:<tid>:<oid>`, `uti:<uti>`, `client:<id>`). */
  put(name: string, entry: Entry | undefined): void {
    const kind = kindOf(name);
    if (kind === 'client' || kind === 'uti') {
      const map = kind === 'client' ? this.clients : this.tokens;
      const id = name.slice(kind.length + 1);
      if (entry === undefined) map.delete(id);
      else map.set(id, entry);
    } else if (kind === 'user') {
      const sep = name.indexOf(':', 5);
      if (sep < 0) return;
      const tenant = name.slice(5, sep);
      const object = name.slice(sep + 1);
      let byObject = this.users.get(tenant);
      if (entry === undefined) {
        byObject?.delete(object);
        if (byObject?.size === 0) this.users.delete(tenant);
        return;
      }
      if (byObject === undefined) this.users.set(tenant, (byObject = new Map()));
      byObject.set(object, entry);
    }
  }

  get(name: string): Entry | undefined {
    const kind = kindOf(name);
    if (kind === 'client') return this.clients.get(name.slice(7));
    if (kind === 'uti') return this.tokens.get(name.slice(4));
    const sep = name.indexOf(':', 5);
    return sep < 0 ? undefined : this.users.get(name.slice(5, sep))?.get(name.slice(sep + 1));
  }

  get empty(): boolean {
    return this.clients.size === 0 && this.tokens.size === 0 && this.users.size === 0;
  }

  /** Drops lapsed entries and counts the rest. */
  sweep(nowMs: number): number {
    let count = 0;
    const keep = (map: Map<string, Entry>): void => {
      for (const [id, entry] of map) {
        if (entry.expiresAt <= nowMs) map.delete(id);
        else count++;
      }
    };
    keep(this.clients);
    keep(this.tokens);
    for (const [tenant, byObject] of this.users) {
      keep(byObject);
      if (byObject.size === 0) this.users.delete(tenant);
    }
    return count;
  }
}

/**
 * The in-memory copy every `check()` reads. Changes from pub/sub are applied at once; a full
 * load replaces the map, after the changes that arrived while it was read are replayed over it,
 * so a change is never lost to a snapshot taken just before it.
 */
export class LocalCopy {
  #entries = new EntryMap();
  readonly #buffers = new Set<Change[]>();

  decide(q: RevocationQuery, now: () => number): RevocationDecision {
    const e = this.#entries;
    if (e.empty) return NOT_REVOKED;
    if (e.clients.size > 0 && live(e.clients.get(q.clientId), now)) return CLIENT_REVOKED;
    if (q.tokenId !== undefined && e.tokens.size > 0 && live(e.tokens.get(q.tokenId), now)) return TOKEN_REVOKED;
    if (q.objectId !== undefined && e.users.size > 0) {
      const user = e.users.get(q.tenantId)?.get(q.objectId);
      if (user !== undefined && q.issuedAt < user.value && live(user, now)) return { revoked: true, reason: 'user', validFrom: user.value };
    }
    return NOT_REVOKED;
  }

  /** Sets (`entry`) or deletes (`undefined`) one name. */
  apply(name: string, entry: Entry | undefined): void {
    this.#entries.put(name, entry);
    for (const buffer of this.#buffers) buffer.push([name, entry]);
  }

  /** Whether `entry` would raise what is held (user valid-from, token exp): for a writer that saw no echo. */
  raises(name: string, entry: Entry, now: () => number): boolean {
    const current = this.#entries.get(name);
    return current === undefined || !live(current, now) || current.value < entry.value;
  }

  /** Starts recording changes for a snapshot being read. */
  beginBuffer(): Change[] {
    const buffer: Change[] = [];
    this.#buffers.add(buffer);
    return buffer;
  }

  /** Stops recording; with a snapshot, replays the recorded changes over it and makes it the copy. */
  endBuffer(buffer: Change[], snapshot?: EntryMap): void {
    this.#buffers.delete(buffer);
    if (snapshot === undefined) return;
    for (const [name, entry] of buffer) snapshot.put(name, entry);
    this.#entries = snapshot;
  }

  /** Drops lapsed entries and counts the rest. */
  size(nowMs: number): number {
    return this.#entries.sweep(nowMs);
  }
}
