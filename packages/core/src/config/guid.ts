const LOWER_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a GUID in Entra's canonical form: lower-case hex with hyphens, no braces. */
export function isLowerCaseGuid(value: unknown): value is string {
  return typeof value === 'string' && value.length === 36 && LOWER_GUID.test(value);
}

/** The personal Microsoft account (MSA) tenant. */
export const PERSONAL_ACCOUNT_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
