import { isEntraGuardError, type HttpResponseOptions } from '@entra-guard/core';
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import { requestState } from './request-state.js';
import { sendError } from './send-error.js';

/**
 * An Express error handler that renders any EntraGuardError thrown or passed to `next()` by app
 * code (for example by `requireAuth(req)`) exactly as `entraAuth()` renders its own refusals:
 * status, RFC 6750 challenge and RFC 9457 body with fixed text. Other errors go on to the next
 * error handler untouched.
 *
 * The realm and resource-metadata URL default to those of the `entraAuth()` that saw the
 * request; `options` overrides them (and applies on routes without `entraAuth()`).
 *
 * @example
 * ```ts
 * app.get('/me', (req, res) => res.json(requireAuth(req)));
 * app.use(entraErrorHandler());
 * app.use(myErrorHandler); // everything else
 * ```
 */
export function entraErrorHandler(options: HttpResponseOptions = {}): ErrorRequestHandler {
  // Express recognises an error handler by its four parameters: keep `next` in the signature.
  return function entraGuardErrorHandler(error: unknown, req: Request, res: Response, next: NextFunction): void {
    if (!isEntraGuardError(error) || res.headersSent) {
      next(error);
      return;
    }
    sendError(res, error, { ...requestState(req)?.http, ...options });
  };
}
