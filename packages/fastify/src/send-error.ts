import { isEntraGuardError, toHttpResponse, type HttpResponseOptions } from '@entra-guard/core';
import type { FastifyReply } from 'fastify';

/**
 * Writes core's `{ status, headers, body }` for an error and nothing else, so a Fastify app and
 * an Express app refuse a request with the same status, challenge and body bytes. The body goes
 * out as a Buffer: Fastify would otherwise append `; charset=utf-8` to the content type core set.
 * Errors that are not EntraGuardErrors become core's generic 500 (logged here, since the client
 * learns nothing about them).
 *
 * @example
 * ```ts
 * return sendEntraGuardError(reply, err, { realm: 'api' });
 * ```
 */
export function sendEntraGuardError(reply: FastifyReply, error: unknown, options: HttpResponseOptions): FastifyReply {
  if (!isEntraGuardError(error)) reply.log.error({ err: error }, 'entra-guard: unexpected error while checking a request');
  const { status, headers, body } = toHttpResponse(error, options);
  return reply.code(status).headers(headers).send(Buffer.from(JSON.stringify(body), 'utf8'));
}
