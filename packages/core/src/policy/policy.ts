import type { Principal } from '../principal/principal.js';

/** How several required values combine. */
export type MatchMode = 'any' | 'all';

/** What a policy may read about the request besides the principal (filled in by the adapters). */
export interface PolicyContext {
  /** Route parameters, e.g. `{ tenantId: '…' }` for `/api/tenants/:tenantId/orders`. */
  readonly params?: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The framework's request object, for policies built with a function. */
  readonly request?: unknown;
}

/** Where `requireTenant` finds the tenant a request is about. */
export type TenantSource = { readonly param: string } | ((context: PolicyContext, principal: Principal) => string | undefined);

/** An authorisation requirement: plain data, evaluated by {@link evaluatePolicy}. */
export type Policy =
  | { readonly kind: 'scopes'; readonly values: readonly string[]; readonly match: MatchMode }
  | { readonly kind: 'app-permissions'; readonly values: readonly string[]; readonly match: MatchMode }
  | { readonly kind: 'user-roles'; readonly values: readonly string[]; readonly match: MatchMode }
  | { readonly kind: 'scopes-or-app-permissions'; readonly scopes: readonly string[]; readonly permissions: readonly string[] }
  | { readonly kind: 'groups'; readonly values: readonly string[]; readonly match: MatchMode }
  | { readonly kind: 'tenant'; readonly source: TenantSource }
  | { readonly kind: 'auth-context'; readonly values: readonly string[] }
  | { readonly kind: 'all-of'; readonly policies: readonly Policy[] }
  | { readonly kind: 'any-of'; readonly policies: readonly Policy[] };

/** Why a policy refused, precisely enough for an error, a log line or `entra-guard explain`. */
export interface Denial {
  /** The kind of the requirement that failed. */
  readonly requirement: Policy['kind'];
  /** Private, human-readable reason (names the API's own requirement, never a token value). */
  readonly reason: string;
  /** Scope or permission names that would satisfy the requirement (the challenge's `scope`). */
  readonly required: readonly string[];
  /** Authentication contexts a step-up would satisfy (`auth-context` requirements). */
  readonly authContexts?: readonly string[];
  /** The token lists too many groups to tell (`groups` requirements). */
  readonly groupsOverage?: boolean;
  /** Each alternative's denial (`any-of`). */
  readonly alternatives?: readonly Denial[];
}

/** The result of evaluating a policy. */
export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly denial: Denial };
