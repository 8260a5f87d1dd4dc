import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EmulatorContext } from './context.js';
import { EntraError } from './errors/entra-error.js';
import { errorReply } from './http/error-reply.js';
import type { EmulatorRequest } from './http/request.js';
import type { Reply } from './http/reply.js';

/**
 * Applies the first injected fault matching the request: waits `delayMs`, then destroys the
 * socket (`reset`), answers with an AADSTS row or a canned response, or lets the request
 * through (undefined) when the fault was only a delay.
 */
export async function applyFault(ctx: EmulatorContext, req: EmulatorRequest, res: ServerResponse): Promise<Reply | 'destroyed' | undefined> {
  const fault = ctx.faults.take(req.method, req.path);
  if (fault === undefined) return undefined;
  if (fault.delayMs !== undefined && fault.delayMs > 0) await sleep(fault.delayMs);
  if (fault.reset === true) {
    res.socket?.destroy();
    return 'destroyed';
  }
  if (fault.aadsts !== undefined) {
    const headers = fault.aadsts === 'throttled' ? { 'Retry-After': '5', ...fault.headers } : { ...fault.headers };
    return errorReply(ctx, req, new EntraError(fault.aadsts, {}, { headers }));
  }
  if (fault.status === undefined) return undefined;
  const body = fault.body === undefined ? '' : typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
  const type = typeof fault.body === 'string' || fault.body === undefined ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  return { status: fault.status, headers: { 'Content-Type': type, ...fault.headers }, body };
}
