import { LRUCache } from 'lru-cache';
import type { ResolvedTenancy } from '../../config/resolve-options.js';
import { tokenError } from '../../errors/errors.js';

function notAllowed(detail: string, cause?: unknown): never {
  throw tokenError('EG_TENANT_NOT_ALLOWED', detail, { check: 'tenant', cause });
}

/**
 * The `tenant` check: the token's tenant against the configured tenancy. An allow-list
 * predicate (which may query a database) is asked at most once per tenant per 5 minutes.
 */
export class TenantPolicy {
  readonly #tenancy: ResolvedTenancy;
  readonly #decisions = new LRUCache<string, boolean>({ max: 10_000, ttl: 300_000 });

  constructor(tenancy: ResolvedTenancy) {
    this.#tenancy = tenancy;
  }

  /** Returns undefined when decided synchronously, a promise when the predicate must be asked. */
  check(tenantId: string): Promise<void> | undefined {
    const t = this.#tenancy;
    switch (t.mode) {
      case 'single':
        if (tenantId !== t.tenantId) notAllowed('token is from another tenant');
        return undefined;
      case 'multi':
        if (!t.tenants.has(tenantId)) notAllowed('tenant is not in allowedTenants');
        return undefined;
      case 'any-tenant':
        return undefined;
      case 'multi-predicate': {
        const cached = this.#decisions.get(tenantId);
        if (cached === true) return undefined;
        if (cached === false) notAllowed('tenant refused by allowedTenants');
        return this.#ask(t.predicate, tenantId);
      }
    }
  }

  async #ask(predicate: (tenantId: string) => boolean | Promise<boolean>, tenantId: string): Promise<void> {
    let allowed: unknown;
    try {
      allowed = await predicate(tenantId);
    } catch (err) {
      notAllowed('allowedTenants predicate threw', err);
    }
    // Anything but a literal true refuses: a truthy string or object is a bug, not a yes.
    if (typeof allowed === 'boolean') this.#decisions.set(tenantId, allowed);
    if (allowed !== true) notAllowed('tenant refused by allowedTenants');
  }
}
