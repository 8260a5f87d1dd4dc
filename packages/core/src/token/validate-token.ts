import type { ResolvedOptions } from '../config/resolve-options.js';
import type { SigningKey } from '../keys/jwk-import.js';
import type { KeySource } from '../keys/key-source.js';
import type { KeySelector } from '../keys/key-set.js';
import type { IssuerTemplates } from '../keys/metadata.js';
import type { MaybePromise } from '../maybe-promise.js';
import { principalFrom } from '../principal/from-claims.js';
import type { Principal } from '../principal/principal.js';
import { checkAudience } from './checks/audience.js';
import { checkClient } from './checks/client.js';
import { checkHeader } from './checks/header.js';
import { checkIssuer, type IssuerResult } from './checks/issuer.js';
import { checkKeyIssuerBinding } from './checks/key-issuer-binding.js';
import { checkLifetime, type Lifetime } from './checks/lifetime.js';
import { checkShape } from './checks/shape.js';
import { checkSignature } from './checks/signature.js';
import type { TenantPolicy } from './checks/tenant.js';
import type { HeaderMemo } from './header-memo.js';
import { decodePayload, parseCompact, type CompactToken } from './parse-compact.js';

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
  /** Header segments already checked (one guard's options, so one answer per segment). */
  readonly headers: HeaderMemo;
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
 *
 * Synchronous when the key is already held and the tenant decision needs no predicate call;
 * otherwise a promise. Errors are thrown synchronously up to the first wait, rejections after.
 */
export function validateCompactToken(token: unknown, v: Validator, passed?: (check: CheckName) => void): MaybePromise<ValidatedToken> {
  const parsed = parseCompact(token, v.headers);
  passed?.('structure');
  const selector = parsed.known ?? checkedHeader(parsed.headerSegment, parsed.header!, v);
  passed?.('header');
  const held = v.keys.find(selector);
  if (held !== undefined) return checkSigned(parsed, held, v, passed);
  return v.keys.resolve(selector).then((key) => checkSigned(parsed, key, v, passed));
}

function checkedHeader(segment: string, header: Readonly<Record<string, unknown>>, v: Validator): KeySelector {
  const selector = checkHeader(header, v.options);
  v.headers.remember(segment, selector);
  return selector;
}

// From the signature to the tenant decision, which is the only other place that may have to wait.
function checkSigned(parsed: CompactToken, key: SigningKey, v: Validator, passed: ((check: CheckName) => void) | undefined): MaybePromise<ValidatedToken> {
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
  const rest = (): ValidatedToken => checkAdmitted({ claims, key, issuers, issuer, lifetime }, v, passed);
  return pending === undefined ? rest() : pending.then(rest);
}

interface TenantChecked {
  readonly claims: Record<string, unknown>;
  readonly key: SigningKey;
  readonly issuers: IssuerTemplates;
  readonly issuer: IssuerResult;
  readonly lifetime: Lifetime;
}

function checkAdmitted(t: TenantChecked, v: Validator, passed: ((check: CheckName) => void) | undefined): ValidatedToken {
  passed?.('tenant');
  checkKeyIssuerBinding(t.key, t.issuer.tenantId, t.issuers);
  passed?.('key-issuer');
  const audience = checkAudience(t.claims, v.options);
  passed?.('audience');
  const client = checkClient(t.claims, t.issuer.version, v.options);
  passed?.('client');
  const shape = checkShape(t.claims, t.issuer.tenantId, v.options);
  passed?.('shape');
  return { principal: principalFrom({ issuer: t.issuer, lifetime: t.lifetime, audience, client, shape }), keyId: t.key.kid };
}
