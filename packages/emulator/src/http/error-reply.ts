import type { EmulatorContext } from '../context.js';
import { errorBody, type EntraError } from '../errors/entra-error.js';
import type { EmulatorRequest } from './request.js';
import { HEADERS, type Reply } from './reply.js';

/** An EntraError as Entra's JSON answer, with the error's own headers (`Retry-After`...). */
export function errorReply(ctx: EmulatorContext, req: EmulatorRequest, error: EntraError, kind: 'metadata' | 'token' = 'token', extra: Readonly<Record<string, string>> = {}): Reply {
  const body = errorBody(error, {
    nowMs: ctx.clock.nowMs(),
    origin: ctx.urls.publicOrigin,
    ...(req.correlationId === undefined ? {} : { correlationId: req.correlationId }),
  });
  return { status: error.status, headers: { ...HEADERS[kind], ...extra, ...error.extras.headers }, body: JSON.stringify(body) };
}
