import type { Request } from 'express';

import {
  authorizationHeaderValues,
  isAccessTokenParameter,
  objectCarriesAccessToken,
  presentsAuthorization,
  queryCarriesAccessToken,
} from '@entra-guard/core';

// The RFC 6750 carrier rules live in core, shared with the Fastify adapter.
export const isAccessTokenName: (name: string) => boolean = isAccessTokenParameter;
export const queryCarriesToken: (url: string) => boolean = queryCarriesAccessToken;
export const bodyCarriesToken: (body: unknown) => boolean = objectCarriesAccessToken;

/** Every `Authorization` value the client sent, in order (duplicates are only in `rawHeaders`). */
export function authorizationValues(req: Request): string[] {
  return authorizationHeaderValues(req.rawHeaders, req.headers.authorization);
}

function parsedQueryCarriesToken(req: Request): boolean {
  try {
    // Express 5 parses `req.query` lazily with the app's parser, which may throw on odd input.
    const query: unknown = req.query;
    return objectCarriesAccessToken(query);
  } catch {
    return false;
  }
}

/**
 * RFC 6750 §2: "clients MUST NOT use more than one method to transmit the token". True when the
 * request has an Authorization header and also an `access_token` in the query or parsed body.
 * Alone, those carriers are never read, so they need no refusal: the request is simply
 * unauthenticated.
 */
export function hasSecondCarrier(req: Request, authorization: readonly string[]): boolean {
  if (!presentsAuthorization(authorization)) return false;
  return queryCarriesToken(req.originalUrl ?? req.url) || parsedQueryCarriesToken(req) || bodyCarriesToken(req.body);
}
