// The last error handlers: body-parser failures become 4xx problems, anything else a generic
// 500 (logged with its stack; the client sees fixed text only).
import type { ErrorRequestHandler } from 'express';
import { sendProblem } from './problem.js';

interface BodyParserError {
  readonly type?: unknown;
  readonly status?: unknown;
}

export function errorHandler(): ErrorRequestHandler {
  return function ordersErrorHandler(error: unknown, req, res, _next) {
    const { type, status } = (typeof error === 'object' && error !== null ? error : {}) as BodyParserError;
    if (type === 'entity.parse.failed') return sendProblem(res, 'ORDERS_MALFORMED_JSON');
    if (type === 'entity.too.large') return sendProblem(res, 'ORDERS_BODY_TOO_LARGE');
    if (type === 'charset.unsupported' || type === 'encoding.unsupported') return sendProblem(res, 'ORDERS_UNSUPPORTED_MEDIA_TYPE');
    if (typeof type === 'string' && typeof status === 'number' && status >= 400 && status < 500) return sendProblem(res, 'ORDERS_MALFORMED_JSON');
    req.log.error({ err: error }, 'unhandled error');
    sendProblem(res, 'ORDERS_INTERNAL');
  };
}
