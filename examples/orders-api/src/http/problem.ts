// RFC 9457 problem responses for the API's own refusals, in the same shape as entra-guard's
// (type, title, status, detail, code), with fixed text: nothing from the request is echoed
// except the names of invalid fields.
import type { Response } from 'express';

export type ProblemCode =
  | 'ORDERS_VALIDATION_FAILED'
  | 'ORDERS_MALFORMED_JSON'
  | 'ORDERS_UNSUPPORTED_MEDIA_TYPE'
  | 'ORDERS_BODY_TOO_LARGE'
  | 'ORDERS_NOT_FOUND'
  | 'ORDERS_NOT_OWNER'
  | 'ORDERS_ROUTE_NOT_FOUND'
  | 'ORDERS_RATE_LIMITED'
  | 'ORDERS_REVOCATION_UNAVAILABLE'
  | 'ORDERS_NOT_READY'
  | 'ORDERS_INTERNAL';

const PROBLEMS: Readonly<Record<ProblemCode, { readonly status: number; readonly title: string; readonly detail: string }>> = {
  ORDERS_VALIDATION_FAILED: { status: 400, title: 'Bad Request', detail: 'The request is invalid; see "errors".' },
  ORDERS_MALFORMED_JSON: { status: 400, title: 'Bad Request', detail: 'The request body must be a well-formed JSON object.' },
  ORDERS_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported Media Type', detail: 'The request body must be application/json.' },
  ORDERS_BODY_TOO_LARGE: { status: 413, title: 'Content Too Large', detail: 'The request body is too large.' },
  ORDERS_NOT_FOUND: { status: 404, title: 'Not Found', detail: 'The order does not exist.' },
  ORDERS_NOT_OWNER: { status: 403, title: 'Forbidden', detail: 'The order belongs to another user.' },
  ORDERS_ROUTE_NOT_FOUND: { status: 404, title: 'Not Found', detail: 'There is no such route.' },
  ORDERS_RATE_LIMITED: { status: 429, title: 'Too Many Requests', detail: 'Too many requests; retry after the number of seconds in Retry-After.' },
  ORDERS_REVOCATION_UNAVAILABLE: { status: 503, title: 'Service Unavailable', detail: 'The revocation could not be stored; retry shortly.' },
  ORDERS_NOT_READY: { status: 503, title: 'Service Unavailable', detail: 'The service is not ready.' },
  ORDERS_INTERNAL: { status: 500, title: 'Internal Server Error', detail: 'The request could not be processed.' },
};

/** One invalid input: where (`body.quantity`, `params.id`, `query.limit`) and what is expected. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ProblemCode;
  readonly errors?: readonly FieldError[];
}

export function problem(code: ProblemCode, errors?: readonly FieldError[]): ProblemDocument {
  const { status, title, detail } = PROBLEMS[code];
  return { type: `urn:orders-api:problem:${code}`, title, status, detail, code, ...(errors === undefined ? {} : { errors }) };
}

/** Writes a problem document (unless a response already started). */
export function sendProblem(res: Response, code: ProblemCode, errors?: readonly FieldError[]): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = problem(code, errors);
  res.status(body.status).type('application/problem+json').setHeader('cache-control', 'no-store');
  res.send(JSON.stringify(body));
}
