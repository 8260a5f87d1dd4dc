import { AADSTS } from '../errors/aadsts.js';
import { escapeHtml, page } from '../http/html.js';
import type { EmulatorRequest } from '../http/request.js';
import { htmlReply, type Reply } from '../http/reply.js';

/** `GET /error?code=N`: where `error_uri` points, a small lookup over the AADSTS table. */
export function errorLookupPage(req: EmulatorRequest): Reply {
  const code = Number(req.query.code);
  const rows = Object.entries(AADSTS).filter(([, e]) => e.code === code);
  const body =
    rows.length === 0
      ? `<p>The emulator has no entry for error code ${escapeHtml(String(req.query.code ?? ''))}.</p>`
      : rows.map(([name, e]) => `<h2>AADSTS${e.code} <small>(${escapeHtml(name)})</small></h2><p><code>${escapeHtml(e.error)}</code>, HTTP ${e.status}</p><p>${escapeHtml(e.message)}</p>`).join('\n');
  return htmlReply(200, page(`Error lookup ${code}`, `<h1>Error code lookup</h1>${body}`));
}
