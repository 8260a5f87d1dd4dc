// Test-only helper (not exported from the package): resolved options with overrides.
import type { EntraGuardOptions } from '../../config/options.js';
import { resolveOptions, type ResolvedOptions } from '../../config/resolve-options.js';

export const T = 'aaaaaaaa-2222-4333-8444-55555555bbbb';
export const X = '99999999-8888-4777-8666-555555555555';
export const C = 'c0ffee00-0000-4000-8000-000000000001';

export function testOptions(overrides: Partial<EntraGuardOptions> = {}): ResolvedOptions {
  return resolveOptions({ clientId: C, tenancy: { mode: 'single', tenantId: T }, ...overrides });
}

export function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}
