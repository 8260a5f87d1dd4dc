import type { EmulatorContext } from '../context.js';
import { EntraError } from '../errors/entra-error.js';
import { escapeHtml, page } from '../http/html.js';
import type { EmulatorRequest } from '../http/request.js';
import { htmlReply, type Reply } from '../http/reply.js';
import { GUID } from '../tenants/shape-check.js';
import { approveDeviceCode } from './devicecode.js';

function form(message?: string, code = ''): string {
  return page(
    'Enter code',
    `<h1>Enter code</h1><p>Enter the code displayed on your app or device, then sign in.</p>
${message === undefined ? '' : `<p class="error" role="alert">${escapeHtml(message)}</p>`}
<form method="post" action="/devicelogin">
<label>Code<input name="otc" value="${escapeHtml(code)}" autocomplete="off" required></label>
<label>Email<input name="login" type="email" required></label>
<label>Password<input name="passwd" type="password" required></label>
<button type="submit" name="action" value="approve">Sign in</button>
<button type="submit" name="action" value="decline" formnovalidate>Cancel sign-in</button>
</form>`,
  );
}

/** `GET|POST /devicelogin`: where a person enters a device code and signs in. */
export function deviceLoginPage(ctx: EmulatorContext, req: EmulatorRequest): Reply {
  if (req.method !== 'POST') return htmlReply(200, form());
  const code = req.form.otc ?? '';
  const grant = ctx.stores.deviceByUserCode(code);
  if (grant === undefined || grant.status !== 'pending') return htmlReply(200, form('AADSTS70018: Invalid verification code. Check the code and try again.', code));
  try {
    if (req.form.action === 'decline') {
      approveDeviceCode(ctx, { userCode: code, decline: true });
      return htmlReply(200, page('Sign-in cancelled', '<h1>Sign-in cancelled</h1><p>You can close this window.</p>'));
    }
    const tenantId = GUID.test(grant.tenantSegment) ? grant.tenantSegment : undefined;
    const found = ctx.directory.findSignIn(tenantId, req.form.login ?? '');
    if (found === undefined || found.user.password !== req.form.passwd) {
      return htmlReply(200, form('AADSTS50126: Error validating credentials due to invalid username or password.', code));
    }
    approveDeviceCode(ctx, { userCode: code, user: found.user.oid });
    return htmlReply(200, page('Signed in', `<h1>You have signed in</h1><p>${escapeHtml(found.user.name)}, you can close this window and return to the application.</p>`));
  } catch (error) {
    if (error instanceof EntraError) return htmlReply(200, form(`AADSTS${error.entry.code}: ${error.message}`, code));
    throw error;
  }
}
