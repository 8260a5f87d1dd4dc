/**
 * The error handler the peers that call `next(err)` need: any error from the auth middleware is
 * a 401 with an empty body (what each library's docs suggest, minus logging).
 */

/** @type {import('express').ErrorRequestHandler} */
export function unauthorized(_err, _req, res, _next) {
  res.status(401).set('WWW-Authenticate', 'Bearer').end();
}
