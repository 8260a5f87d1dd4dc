import { protectedResourceMetadata, type ProtectedResourceMetadata, type ProtectedResourceMetadataOptions } from '@entra-guard/core';
import type { NextFunction, Request, Response } from 'express';
import { asMiddleware, type ExpressMiddleware } from './middleware-type.js';
import { metadataPath } from './options.js';

function pathname(req: Request): string {
  const url = req.originalUrl ?? req.url;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** True for a GET or HEAD of exactly `path` (matched on the full URL, whatever the mount point). */
export function isMetadataRequest(req: Request, path: string): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && pathname(req) === path;
}

/** Writes the metadata document; public data, so it may be cached. */
export function sendMetadata(res: Response, document: ProtectedResourceMetadata): void {
  const text = JSON.stringify(document);
  res.statusCode = 200;
  res.setHeader('content-type', 'application/json');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * Serves the RFC 9728 protected-resource metadata of this API, so clients (MCP clients among
 * them) can discover which Entra authority issues its tokens. It answers GET and HEAD at the
 * document's own path, `/.well-known/oauth-protected-resource` followed by the resource's path
 * (RFC 9728 §3.1), and passes every other request on; mount it before anything that requires a
 * token. Pass the same `protectedResource` to `entraAuth()` to name the document in 401 challenges.
 *
 * @throws TypeError when `resource` or an authorization server is not an https URL.
 * @example
 * ```ts
 * const protectedResource = {
 *   resource: 'https://api.example.com',
 *   authorizationServers: [`https://login.microsoftonline.com/${TENANT_ID}/v2.0`],
 *   scopesSupported: [`api://${CLIENT_ID}/Orders.Read`],
 * };
 * app.use(protectedResourceHandler(protectedResource));
 * app.use(entraAuth(guard, { protectedResource }));
 * ```
 */
export function protectedResourceHandler(options: ProtectedResourceMetadataOptions): ExpressMiddleware {
  const document = protectedResourceMetadata(options);
  const path = metadataPath(document.resource);
  const handler = function protectedResourceMetadataHandler(req: Request, res: Response, next: NextFunction): void {
    if (isMetadataRequest(req, path)) sendMetadata(res, document);
    else next();
  };
  return asMiddleware(handler, {});
}
