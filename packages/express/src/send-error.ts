import { isEntraGuardError, toHttpResponse, type HttpResponseOptions } from '@entra-guard/core';
import type { Response } from 'express';

/**
 * Writes core's `{ status, headers, body }` for `error`, and nothing else about it.
 *
 * Node's own `setHeader`/`end` rather than `res.set()`/`res.json()`: Express 4 and 5 append a
 * charset to `Content-Type` differently and `json spaces` would reformat the body, and both
 * majors must send byte-identical answers.
 */
export function sendError(res: Response, error: unknown, options: HttpResponseOptions): void {
  if (res.headersSent) {
    // A handler already started the response: the only honest thing left is to cut it short.
    res.destroy();
    return;
  }
  const { status, headers, body } = toHttpResponse(error, options);
  const text = JSON.stringify(body);
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** Calls `report` for errors that are not entra-guard's, never letting the hook break the response. */
export function reportUnexpected(report: ((error: unknown) => void) | undefined, error: unknown): void {
  if (report === undefined || isEntraGuardError(error)) return;
  try {
    report(error);
  } catch {
    // A failing logger must not turn a refusal into a crash.
  }
}
