// Entry names, the change-message format and the write script: everything two instances must
// agree on. Redis key = <ioredis keyPrefix><store keyPrefix><name>.

export type EntryKind = 'user' | 'uti' | 'client';

export const userName = (tenantId: string, objectId: string): string => `user:${tenantId}:${objectId}`;
export const tokenName = (tokenId: string): string => `uti:${tokenId}`;
export const clientName = (clientId: string): string => `client:${clientId}`;

export function kindOf(name: string): EntryKind | undefined {
  if (name.startsWith('user:')) return 'user';
  if (name.startsWith('uti:')) return 'uti';
  if (name.startsWith('client:')) return 'client';
  return undefined;
}

/** The id part of a name (`<tid>:<oid>` for users), for hashing in events. */
export const subjectOf = (name: string): string => name.slice(name.indexOf(':') + 1);

/** The pub/sub channel of a key prefix. Not a key, so SCAN never sees it. */
export const changesChannel = (keyPrefix: string): string => `${keyPrefix}changes`;

/**
 * A change as published: `set <ttlMs> <value> <nonce> <name>` or `del -1 0 <nonce> <name>`.
 * `ttlMs` -1 means "until deleted". The name comes last, so it may contain anything.
 * The nonce (`<instance>.<seq>`) lets a writer see its own change come back.
 */
export interface ChangeMessage {
  readonly op: 'set' | 'del';
  readonly ttlMs: number;
  readonly value: number;
  readonly nonce: string;
  readonly name: string;
}

export function formatChange(m: ChangeMessage): string {
  return `${m.op} ${m.ttlMs} ${m.value} ${m.nonce} ${m.name}`;
}

export function parseChange(text: string): ChangeMessage | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < 4; i++) {
    const space = text.indexOf(' ', from);
    if (space < 0) return undefined;
    parts.push(text.slice(from, space));
    from = space + 1;
  }
  const [op, ttl, value, nonce] = parts as [string, string, string, string];
  const name = text.slice(from);
  const ttlMs = Number(ttl);
  const num = Number(value);
  if ((op !== 'set' && op !== 'del') || kindOf(name) === undefined) return undefined;
  if (!Number.isFinite(num) || !Number.isInteger(ttlMs) || (ttlMs < 1 && ttlMs !== -1)) return undefined;
  return { op, ttlMs, value: num, nonce, name };
}

/** Escapes a literal for a SCAN MATCH pattern. */
export const escapeGlob = (literal: string): string => literal.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/**
 * Raise-only write (user valid-from, token exp): keeps the larger of the stored and the new value,
 * expires the key `extraSeconds` after that value (measured from the caller's clock), publishes the
 * result. Atomic, so two instances revoking the same user at once cannot lower the valid-from.
 * Returns `{ value, ttlMs }`; ttlMs 0 means the entry could no longer match a live token and
 * nothing was written.
 *
 * KEYS[1] key · ARGV value, extraSeconds, nowMs, nonce, name, channel
 */
export const RAISE_SCRIPT = `
local v = ARGV[1]
local cur = redis.call('GET', KEYS[1])
if cur then
  local c = tonumber(cur)
  if c and c > tonumber(v) then v = cur end
end
local ttl = math.ceil((tonumber(v) + tonumber(ARGV[2])) * 1000 - tonumber(ARGV[3]))
if ttl < 1 then return {v, 0} end
redis.call('SET', KEYS[1], v, 'PX', ttl)
redis.call('PUBLISH', ARGV[6], 'set ' .. ttl .. ' ' .. v .. ' ' .. ARGV[4] .. ' ' .. ARGV[5])
return {v, ttl}
`;
