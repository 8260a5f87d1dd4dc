import { isEntraGuardError } from '../errors/errors.js';
import type { Principal } from '../principal/principal.js';
import { CHECKS, validateCompactToken, type CheckName, type Validator } from './validate-token.js';

/** What each check verifies, in plain words. */
export const CHECK_DESCRIPTIONS: Readonly<Record<CheckName, string>> = {
  structure: 'three canonical base64url segments; the header is a UTF-8 JSON object without duplicate members',
  header: 'alg is RS256; only alg/typ/kid/x5t present; typ is JWT; the token names its signing key',
  signature: 'a published signing key with that kid exists and the RS256 signature verifies',
  payload: 'the payload is a UTF-8 JSON object without duplicate members',
  lifetime: 'exp and iat present; not expired; nbf and iat not in the future; lifetime within the maximum',
  issuer: 'ver is accepted; tid is a lower-case GUID; iss is exactly the issuer of that tenant and version',
  tenant: 'the tenant is allowed by the configured tenancy',
  'key-issuer': 'the signing key is bound to this issuer (Microsoft signing-key issuer validation)',
  audience: 'aud is exactly one of the configured audiences',
  client: 'the token names its client (azp for v2, appid for v1), which is allowed and authenticated strongly enough',
  shape: 'user or app claims are well-formed and consistent (scp, roles, idtyp, oid), and the guest policy holds',
};

/** One check's outcome in an explanation. */
export interface ExplainedCheck {
  readonly name: CheckName;
  readonly outcome: 'pass' | 'fail' | 'not-run';
  readonly description: string;
  /** For a failed check: the private reason. Safe for a developer's terminal, not for a response. */
  readonly reason?: string;
}

/** The result of explaining a token: every check, and the principal or the error. */
export interface Explanation {
  readonly valid: boolean;
  readonly checks: readonly ExplainedCheck[];
  readonly principal?: Principal;
  readonly error?: { readonly code: string; readonly status: number; readonly reason: string; readonly check: string | undefined };
}

/** Validates a token and reports every check with pass, fail or not-run. */
export async function explainToken(token: unknown, v: Validator): Promise<Explanation> {
  const passed = new Set<CheckName>();
  try {
    const { principal } = await validateCompactToken(token, v, (c) => passed.add(c));
    return { valid: true, principal, checks: CHECKS.map((name) => ({ name, outcome: 'pass', description: CHECK_DESCRIPTIONS[name] })) };
  } catch (err) {
    if (!isEntraGuardError(err)) throw err;
    const failed = CHECKS.find((c) => !passed.has(c));
    const checks = CHECKS.map((name): ExplainedCheck => {
      const description = CHECK_DESCRIPTIONS[name];
      if (passed.has(name)) return { name, outcome: 'pass', description };
      if (name === failed) return { name, outcome: 'fail', description, reason: err.detail };
      return { name, outcome: 'not-run', description };
    });
    return { valid: false, checks, error: { code: err.code, status: err.status, reason: err.detail, check: err.check } };
  }
}
