import type { ResolvedOptions } from '../config/resolve-options.js';
import type { KeySource } from '../keys/key-source.js';
import { principalFrom } from '../principal/from-claims.js';
import type { Principal } from '../principal/principal.js';
import { checkAudience } from './checks/audience.js';
import { checkClient } from './checks/client.js';
import { checkHeader } from './checks/header.js';
import { checkIssuer } from './checks/issuer.js';
import { checkKeyIssuerBinding } from './checks/key-issuer-binding.js';
import { checkLifetime } from './checks/lifetime.js';
import { checkShape } from './checks/shape.js';
import { checkSignature } from './checks/signature.js';
import type { TenantPolicy } from './checks/tenant.js';
import { decodePayload, parseCompact } from './parse-compact.js';

/** The token checks, in the order they run. Nothing in the payload is read before `signature`. */
export const CHECKS = [
  'structure',
  'header',
  'signature',
  'payload',
  'lifetime',
  'issuer',
  'tenant',
  'key-issuer',
  'audience',
  'client',
  'shape',
] as const;

export type CheckName = (typeof CHECKS)[number];

/** What one validation needs; built once per guard. */
export interface Validator {
  readonly options: ResolvedOptions;
  readonly keys: KeySource;
  readonly tenants: TenantPolicy;
}

/** A token that passed every check. */
export interface ValidatedToken {
  readonly principal: Principal;
  /** The `kid` of the key that signed it (cache entries die with their key). */
  readonly keyId: string;
}

/**
 * Runs every check on a compact token and returns the principal, or throws the
 * EntraGuardError of the first check that fails. `passed` hears of each check that passed.
 */
export async function validateCompactToken(token: unknown, v: Validator, passed?: (check: CheckName) => void): Promise<ValidatedToken> {
  const parsed = parseCompact(token);
  passed?.('structure');
  const selector = checkHeader(parsed.header, v.options);
  passed?.('header');
  const key = v.keys.find(selector) ?? (await v.keys.resolve(selector));
  checkSignature(parsed, key);
  passed?.('signature');
  const claims = decodePayload(parsed);
  passed?.('payload');
  const lifetime = checkLifetime(claims, v.options.now() / 1000, v.options);
  passed?.('lifetime');
  const issuers = v.keys.issuers();
  const issuer = checkIssuer(claims, issuers, v.options);
  passed?.('issuer');
  const pending = v.tenants.check(issuer.tenantId);
  if (pending) await pending;
  passed?.('tenant');
  checkKeyIssuerBinding(key, issuer.tenantId, issuers);
  passed?.('key-issuer');
  const audience = checkAudience(claims, v.options);
  passed?.('audience');
  const client = checkClient(claims, issuer.version, v.options);
  passed?.('client');
  const shape = checkShape(claims, issuer.tenantId, v.options);
  passed?.('shape');
  return { principal: principalFrom({ issuer, lifetime, audience, client, shape }), keyId: key.kid };
}
