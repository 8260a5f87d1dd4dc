import type { Redis } from 'ioredis';
import { revocationError, withTimeout } from './errors.js';
import { entryFor, EntryMap } from './local-copy.js';
import { escapeGlob, kindOf } from './names.js';

export interface SnapshotSource {
  readonly redis: Redis;
  /** The ioredis client's own `keyPrefix` (SCAN returns it; other commands add it). */
  readonly clientPrefix: string;
  readonly keyPrefix: string;
  readonly timeoutMs: number;
  readonly now: () => number;
}

const SCAN_COUNT = 1000;

type PipelineResult = [error: Error | null, result: unknown][] | null;

/** Every entry under the prefix, with its remaining TTL: SCAN (never KEYS), then MGET + PTTL per page. */
export async function loadSnapshot(src: SnapshotSource): Promise<EntryMap> {
  const out = new EntryMap();
  const pattern = `${escapeGlob(src.clientPrefix + src.keyPrefix)}*`;
  let cursor = '0';
  do {
    const [next, keys] = await withTimeout(src.redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT), src.timeoutMs);
    cursor = next;
    // SCAN answers with the client prefix; every other command adds it again.
    if (keys.length > 0) await readPage(src, keys.map((k) => k.slice(src.clientPrefix.length)), out);
  } while (cursor !== '0');
  return out;
}

async function readPage(src: SnapshotSource, keys: string[], out: EntryMap): Promise<void> {
  const pipeline = src.redis.pipeline().mget(...keys);
  for (const key of keys) pipeline.pttl(key);
  const results = (await withTimeout(pipeline.exec(), src.timeoutMs)) as PipelineResult;
  if (results === null || results.length !== keys.length + 1) throw revocationError('command-failed');
  for (const [err] of results) if (err !== null) throw revocationError('command-failed', err);
  const values = results[0]?.[1];
  if (!Array.isArray(values)) throw revocationError('command-failed');
  const nowMs = src.now();
  keys.forEach((key, i) => {
    const raw: unknown = values[i];
    const ttl = results[i + 1]?.[1];
    const name = key.slice(src.keyPrefix.length);
    // -2: expired between SCAN and PTTL; anything unparsable under the prefix is not ours.
    if (typeof raw !== 'string' || typeof ttl !== 'number' || ttl === -2 || ttl === 0 || kindOf(name) === undefined) return;
    const value = Number(raw);
    if (Number.isFinite(value)) out.put(name, entryFor(value, ttl < 0 ? -1 : ttl, nowMs));
  });
}
