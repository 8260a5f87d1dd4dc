import { GRAPH_APP_ID } from './graph.js';

/** Scopes that name no resource: OpenID Connect's, handled by the authorization server itself. */
export const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'offline_access']);

/** The scopes of one resource, as the client wrote them. */
export interface ResourceScopes {
  /** The resource identifier exactly as written (`api://…`, a GUID, `https://…`): v1 `aud` uses it. */
  readonly resource: string;
  /** Scope names without the resource prefix (`Orders.Read`, `.default`). */
  readonly names: readonly string[];
  /** The scopes as written, for the `scope` member of the response. */
  readonly written: readonly string[];
}

/** A `scope` parameter split into OIDC scopes and per-resource scopes. */
export interface ParsedScopes {
  readonly oidc: readonly string[];
  readonly resources: readonly ResourceScopes[];
}

/**
 * Splits a space-separated `scope` value. A scope is `{resource}/{name}`, split at the last
 * slash (identifier URIs may contain slashes); a bare name that is not an OIDC scope is a
 * Microsoft Graph permission, as Entra reads `User.Read`.
 */
export function parseScopes(scope: string | undefined): ParsedScopes {
  const oidc: string[] = [];
  const byResource = new Map<string, { names: string[]; written: string[] }>();
  for (const s of (scope ?? '').split(' ')) {
    if (s.length === 0) continue;
    if (OIDC_SCOPES.has(s)) {
      if (!oidc.includes(s)) oidc.push(s);
      continue;
    }
    const slash = s.lastIndexOf('/');
    const resource = slash <= 0 ? GRAPH_APP_ID : s.slice(0, slash);
    const name = slash <= 0 ? s : s.slice(slash + 1);
    const entry = byResource.get(resource) ?? { names: [], written: [] };
    if (!entry.names.includes(name)) {
      entry.names.push(name);
      entry.written.push(s);
    }
    byResource.set(resource, entry);
  }
  return { oidc, resources: [...byResource].map(([resource, e]) => ({ resource, ...e })) };
}

/** Joins scopes back into a parameter value. */
export function formatScopes(parsed: ParsedScopes): string {
  return [...parsed.resources.flatMap((r) => r.written), ...parsed.oidc].join(' ');
}
