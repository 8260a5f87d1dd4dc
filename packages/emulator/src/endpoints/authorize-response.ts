import type { EmulatorContext } from '../context.js';
import { errorBody, type EntraError } from '../errors/entra-error.js';
import { escapeHtml, hiddenFields, page } from '../http/html.js';
import { htmlReply, redirectReply, type Reply } from '../http/reply.js';
import type { AuthorizeTarget } from './authorize-request.js';

/**
 * Sends the result of an authorize request to the client in its `response_mode`: query string,
 * fragment, or a self-posting form (spec §2.5). `state` is echoed in every case.
 */
export function deliver(target: AuthorizeTarget, fields: Readonly<Record<string, string>>, headers: Readonly<Record<string, string | readonly string[]>> = {}): Reply {
  const all: Record<string, string> = { ...fields, ...(target.state === undefined ? {} : { state: target.state }) };
  if (target.responseMode === 'form_post') {
    const body = page(
      'Working...',
      `<form method="post" action="${escapeHtml(target.redirectUri)}">\n${hiddenFields(all)}\n<noscript><button type="submit">Continue</button></noscript></form>`,
      { autoSubmit: true },
    );
    return htmlReply(200, body, headers);
  }
  const url = new URL(target.redirectUri);
  if (target.responseMode === 'fragment') {
    url.hash = new URLSearchParams(all).toString();
  } else {
    for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  }
  return redirectReply(url.href, headers);
}

/**
 * An error redirected to the client. MSAL reads `error`, `error_description`, `suberror`,
 * `error_uri`, `trace_id`, `correlation_id`, `timestamp` and `claims` from the redirect; which
 * of them real Entra sends there is unconfirmed, so all are sent.
 */
export function deliverError(ctx: EmulatorContext, target: AuthorizeTarget, error: EntraError, correlationId: string | undefined): Reply {
  const body = errorBody(error, { nowMs: ctx.clock.nowMs(), origin: ctx.urls.publicOrigin, ...(correlationId === undefined ? {} : { correlationId }) });
  const fields: Record<string, string> = {
    error: body.error,
    error_description: body.error_description,
    error_uri: body.error_uri,
    trace_id: body.trace_id,
    correlation_id: body.correlation_id,
    timestamp: body.timestamp,
    ...(body.suberror === undefined ? {} : { suberror: body.suberror }),
    ...(body.claims === undefined ? {} : { claims: body.claims }),
  };
  return deliver(target, fields);
}
