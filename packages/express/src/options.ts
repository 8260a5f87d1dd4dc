import {
  protectedResourceMetadata,
  protectedResourceMetadataUrl,
  type HttpResponseOptions,
  type ProtectedResourceMetadata,
  type ProtectedResourceMetadataOptions,
} from '@entra-guard/core';
import type { Request } from 'express';

/**
 * Options of {@link entraAuth} that belong to the adapter (the guard has its own).
 *
 * @example
 * ```ts
 * const auth = entraAuth(guard, {
 *   realm: 'orders-api',
 *   protectedResource: { resource: 'https://api.example.com', authorizationServers: [`https://login.microsoftonline.com/${TENANT_ID}/v2.0`] },
 * });
 * ```
 */
export interface EntraAuthOptions {
  /**
   * Let requests that carry no credentials through as anonymous (`req.auth` undefined). Bad,
   * duplicated or refused credentials are still answered with an error. Default `false`.
   */
  readonly optional?: boolean;
  /**
   * Accept valid tokens with neither `scp` nor `roles`. Such a token grants nothing to this API
   * (any app with a service principal in the tenant can get one), so by default it is refused with
   * 403 `EG_NO_PERMISSIONS`; APIs that authorise by their own access lists turn this on. Default `false`.
   */
  readonly allowTokensWithoutPermissions?: boolean;
  /** The `realm` of every `WWW-Authenticate` challenge. Default `api`. */
  readonly realm?: string;
  /**
   * Serve RFC 9728 protected-resource metadata for this API (at the well-known path, without a
   * token) and name it in every 401 challenge (`resource_metadata=`).
   */
  readonly protectedResource?: ProtectedResourceMetadataOptions;
  /**
   * Receives errors that are not entra-guard's (a failing revocation store, a throwing tenant
   * function) before the generic 500 is sent, so operators can log them. Never called for refused
   * tokens: subscribe to core's diagnostics channels for those.
   */
  readonly onInternalError?: (error: unknown, req: Request) => void;
}

/** The adapter options, checked once when the middleware is created. */
export interface ResolvedAdapterOptions {
  readonly optional: boolean;
  readonly allowTokensWithoutPermissions: boolean;
  readonly http: HttpResponseOptions;
  readonly metadata: { readonly path: string; readonly document: ProtectedResourceMetadata } | undefined;
  readonly onInternalError: ((error: unknown, req: Request) => void) | undefined;
}

function flag(value: unknown, option: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new TypeError(`"${option}" must be a boolean`);
  return value;
}

/** The path (no origin) at which a resource's metadata is served. */
export function metadataPath(resource: string): string {
  return new URL(protectedResourceMetadataUrl(resource)).pathname;
}

/** Validates the adapter options; a mistake is a TypeError at start-up, never a request failure. */
export function resolveAdapterOptions(options: EntraAuthOptions): ResolvedAdapterOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('entraAuth() options must be an object');
  if (options.realm !== undefined && typeof options.realm !== 'string') throw new TypeError('"realm" must be a string');
  if (options.onInternalError !== undefined && typeof options.onInternalError !== 'function') {
    throw new TypeError('"onInternalError" must be a function');
  }
  const resource = options.protectedResource;
  // protectedResourceMetadata() throws a TypeError naming the bad member.
  const document = resource === undefined ? undefined : protectedResourceMetadata(resource);
  const http: HttpResponseOptions = {
    ...(options.realm === undefined ? {} : { realm: options.realm }),
    ...(document === undefined ? {} : { resourceMetadataUrl: protectedResourceMetadataUrl(document.resource) }),
  };
  return Object.freeze({
    optional: flag(options.optional, 'optional'),
    allowTokensWithoutPermissions: flag(options.allowTokensWithoutPermissions, 'allowTokensWithoutPermissions'),
    http: Object.freeze(http),
    metadata: document === undefined ? undefined : Object.freeze({ path: metadataPath(document.resource), document }),
    onInternalError: options.onInternalError,
  });
}
