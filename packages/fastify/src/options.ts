import {
  createEntraGuard,
  protectedResourceMetadata,
  protectedResourceMetadataUrl,
  type EntraGuard,
  type EntraGuardOptions,
  type HttpResponseOptions,
  type ProtectedResourceMetadata,
  type ProtectedResourceMetadataOptions,
} from '@entra-guard/core';

/**
 * What the plugin adds on top of the guard: how strictly routes demand a token and how
 * refusals are written.
 *
 * @example
 * ```ts
 * await app.register(entraGuardPlugin, {
 *   clientId: API_CLIENT_ID,
 *   tenancy: { mode: 'single', tenantId: TENANT_ID },
 *   realm: 'orders-api',
 *   protectedResource: { resource: 'https://api.example.com', authorizationServers: [`https://login.microsoftonline.com/${TENANT_ID}/v2.0`] },
 * });
 * ```
 */
export interface EntraGuardAdapterOptions {
  /**
   * Default `false`: every route needs a valid token unless its route config says
   * `{ entraGuard: { optional: true } }`. `true` flips the default: a request without a token is
   * anonymous (`request.auth === null`) unless the route says `{ entraGuard: { optional: false } }`.
   * A token that is present is always validated, and a bad one is always refused.
   */
  readonly optional?: boolean;
  /**
   * Default `false`: a valid token with neither `scp` nor `roles` grants nothing to this API and is
   * refused with 403 `EG_NO_PERMISSIONS`. Set `true` for APIs that authorise by their own access lists.
   */
  readonly allowTokensWithoutPermissions?: boolean;
  /** The `realm` of every `WWW-Authenticate` challenge. Default `api` (core's default). */
  readonly realm?: string;
  /**
   * When set, the plugin serves the RFC 9728 document at `/.well-known/oauth-protected-resource` (plus the
   * resource's path, RFC 9728 §3.1) and names it as `resource_metadata` in every 401 challenge.
   * Validated at registration: `resource` and each authorization server must be https URLs.
   */
  readonly protectedResource?: ProtectedResourceMetadataOptions;
  /**
   * Default `true`: every route declared after registration gets an error handler that writes
   * EntraGuardErrors thrown by its handler (e.g. `guard.authorize(...)` inside a handler) exactly
   * as the hooks do; every other error goes on to the route's own error handler, else the scope's
   * (yours, or Fastify's default). Set `false` to handle EntraGuardErrors in your own error
   * handler, with `app.entraGuard.sendError(reply, error)` to write them.
   */
  readonly errorHandler?: boolean;
}

/**
 * Options of `entraGuardPlugin`: the options of a guard for the plugin to create (and close with
 * the app), or `{ guard }` with one you created (and close yourself), plus adapter options.
 * The hook calls the guard's `authenticateMaybeSync` (its `authenticate` when it has none), so a
 * wrapper that changes how requests are authenticated must wrap both.
 *
 * @example
 * ```ts
 * const options: EntraGuardPluginOptions = { clientId: API_CLIENT_ID, tenancy: { mode: 'single', tenantId: TENANT_ID } };
 * const shared: EntraGuardPluginOptions = { guard: createEntraGuard(guardOptions), optional: true };
 * ```
 */
export type EntraGuardPluginOptions = (EntraGuardOptions | { readonly guard: EntraGuard }) & EntraGuardAdapterOptions;

/**
 * The adapter options, checked once at registration and frozen.
 *
 * @example
 * ```ts
 * const settings: PluginSettings = resolveSettings({ realm: 'orders' });
 * settings.response; // { realm: 'orders' }
 * ```
 */
export interface PluginSettings {
  readonly optional: boolean;
  readonly allowTokensWithoutPermissions: boolean;
  readonly errorHandler: boolean;
  /** Passed to core's `toHttpResponse` for every refusal. */
  readonly response: HttpResponseOptions;
  /** Where and what to serve for RFC 9728, when configured. */
  readonly metadata: { readonly path: string; readonly document: ProtectedResourceMetadata } | undefined;
}

/**
 * The guard the plugin uses, and whether the plugin owns it (and so closes it with the app).
 *
 * @example
 * ```ts
 * const { guard, owned }: GuardSource = guardFrom(options);
 * if (owned) app.addHook('onClose', async () => guard.close());
 * ```
 */
export interface GuardSource {
  readonly guard: EntraGuard;
  readonly owned: boolean;
}

// Keys of the adapter and of Fastify's own register options: never handed to createEntraGuard.
const NOT_GUARD_OPTIONS = new Set(['optional', 'allowTokensWithoutPermissions', 'realm', 'protectedResource', 'errorHandler', 'prefix', 'logLevel', 'logSerializers']);

function bool(value: unknown, fallback: boolean, option: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`"${option}" must be a boolean`);
  return value;
}

function metadataFor(value: ProtectedResourceMetadataOptions | undefined): PluginSettings['metadata'] {
  if (value === undefined) return undefined;
  const document = protectedResourceMetadata(value);
  // RFC 9728 §3.1: a resource with a path has its document under the well-known path plus that path.
  return Object.freeze({ path: new URL(protectedResourceMetadataUrl(document.resource)).pathname, document });
}

/**
 * Validates the adapter options. Runs before any guard is created, so a bad option never leaves
 * a guard (and its key-refresh timer) behind.
 *
 * @example
 * ```ts
 * const settings = resolveSettings({ optional: true, realm: 'orders' });
 * ```
 * @throws TypeError naming the option.
 */
export function resolveSettings(options: EntraGuardAdapterOptions): PluginSettings {
  if (options.realm !== undefined && typeof options.realm !== 'string') throw new TypeError('"realm" must be a string');
  const metadata = metadataFor(options.protectedResource);
  const response: HttpResponseOptions = Object.freeze({
    ...(options.realm === undefined ? {} : { realm: options.realm }),
    ...(metadata === undefined ? {} : { resourceMetadataUrl: protectedResourceMetadataUrl(metadata.document.resource) }),
  });
  return Object.freeze({
    optional: bool(options.optional, false, 'optional'),
    allowTokensWithoutPermissions: bool(options.allowTokensWithoutPermissions, false, 'allowTokensWithoutPermissions'),
    errorHandler: bool(options.errorHandler, true, 'errorHandler'),
    response,
    metadata,
  });
}

function isGuard(value: unknown): value is EntraGuard {
  if (typeof value !== 'object' || value === null) return false;
  const g = value as Partial<Record<keyof EntraGuard, unknown>>;
  return typeof g.authenticate === 'function' && typeof g.authorize === 'function' && typeof g.close === 'function';
}

/**
 * The caller's guard, or a new one built from the guard options (the adapter's keys removed).
 *
 * @example
 * ```ts
 * const { guard, owned } = guardFrom({ guard: existingGuard }); // owned === false
 * ```
 * @throws TypeError when `guard` is not a guard, or is given together with guard options.
 */
export function guardFrom(options: EntraGuardPluginOptions): GuardSource {
  if ('guard' in options) {
    if (!isGuard(options.guard)) throw new TypeError('"guard" must be a guard made by createEntraGuard()');
    // Both would be ambiguous: which clientId, which tenancy? Refuse rather than guess.
    if ('clientId' in options || 'tenancy' in options) throw new TypeError('pass either "guard" or guard options, not both');
    return { guard: options.guard, owned: false };
  }
  const guardOptions = Object.fromEntries(Object.entries(options).filter(([key]) => !NOT_GUARD_OPTIONS.has(key)));
  return { guard: createEntraGuard(guardOptions as unknown as EntraGuardOptions), owned: true };
}
