import type { NextFunction, Request, Response } from 'express';

/**
 * An Express middleware that works on any route. Generic rather than a plain `RequestHandler`
 * because a `RequestHandler` (params `ParamsDictionary`) in a route's handler list makes
 * TypeScript infer the route's params from it, and the final handler would lose the typed
 * `req.params.tenantId` that `app.get('/tenants/:tenantId', ...)` gives it.
 *
 * @example
 * ```ts
 * app.get('/tenants/:tenantId/orders', auth, requireTenant('tenantId'), (req, res) => {
 *   res.json({ tenant: req.params.tenantId }); // string
 * });
 * ```
 */
export interface ExpressMiddleware {
  // `any` as in @types/express: the locals of an app may be any interface.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  <P, ResBody, ReqBody, ReqQuery, Locals extends Record<string, any>>(
    req: Request<P, ResBody, ReqBody, ReqQuery, Locals>,
    res: Response<ResBody, Locals>,
    next: NextFunction,
  ): void;
}

type PlainMiddleware = (req: Request, res: Response, next: NextFunction) => void;

/**
 * Gives a middleware written against the default Request type the generic signature. Sound
 * because the middleware reads only what every request has (headers, URL, body, route params as
 * strings) and never relies on the route's specific types.
 */
export function asMiddleware<Extra extends object>(fn: PlainMiddleware, extra: Extra): ExpressMiddleware & Readonly<Extra> {
  for (const [name, value] of Object.entries(extra)) Object.defineProperty(fn, name, { value, enumerable: true });
  return fn as unknown as ExpressMiddleware & Readonly<Extra>;
}
