import { frozenSetOf } from './frozen-set.js';
import type { Principal } from './principal.js';

const SETS = ['scopes', 'roles', 'groups', 'wids', 'authContexts', 'clientCapabilities'] as const;

/** A JSON form of a principal (sets as arrays), for shared caches. */
export function principalToJson(principal: Principal): Record<string, unknown> {
  const out: Record<string, unknown> = { ...principal };
  for (const name of SETS) out[name] = [...principal[name]];
  return out;
}

function strings(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new TypeError('not a string array');
  return value;
}

/** Rebuilds a frozen principal from {@link principalToJson}'s output; throws on anything else. */
export function principalFromJson(value: unknown): Principal {
  if (typeof value !== 'object' || value === null) throw new TypeError('not a principal');
  const v = value as Record<string, unknown>;
  if (v.kind !== 'user' && v.kind !== 'app') throw new TypeError('not a principal');
  for (const name of ['tenantId', 'clientId', 'issuer', 'audience'] as const) if (typeof v[name] !== 'string') throw new TypeError('not a principal');
  if (typeof v.expiresAt !== 'number' || typeof v.issuedAt !== 'number') throw new TypeError('not a principal');
  const out: Record<string, unknown> = { ...v };
  for (const name of SETS) out[name] = frozenSetOf(strings(v[name]));
  return Object.freeze(out) as unknown as Principal;
}
