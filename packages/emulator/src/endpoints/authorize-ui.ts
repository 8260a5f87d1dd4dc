import type { EmulatorContext } from '../context.js';
import { errorBody, type EntraError } from '../errors/entra-error.js';
import { escapeHtml, page } from '../http/html.js';

/** An account offered by the picker: signed in earlier in this browser. */
export interface PickerAccount {
  readonly value: string;
  readonly name: string;
  readonly username: string;
}

/** What the sign-in page shows. */
export interface SignInPageInput {
  /** Id of the pending authorize request, posted back as `ctx`. */
  readonly ctxId: string;
  readonly segment: string;
  readonly appName: string;
  readonly accounts: readonly PickerAccount[];
  /** Sign-in names of seeded users, offered as suggestions (never their passwords). */
  readonly suggestions: readonly string[];
  readonly username?: string;
  readonly error?: string;
}

/**
 * The account picker and password form. Field names follow Entra's form (`login`, `passwd`)
 * and the form posts to `/{tenant}/login` as Entra's does; tests drive it with plain fetch.
 */
export function signInPage(input: SignInPageInput): string {
  const action = `/${encodeURIComponent(input.segment)}/login`;
  const ctxField = `<input type="hidden" name="ctx" value="${escapeHtml(input.ctxId)}">`;
  const picker =
    input.accounts.length === 0
      ? ''
      : `<h2>Pick an account</h2>\n${input.accounts
          .map(
            (a) =>
              `<form method="post" action="${action}">${ctxField}<input type="hidden" name="account" value="${escapeHtml(a.value)}"><button class="account" type="submit">${escapeHtml(a.name)}<br><small>${escapeHtml(a.username)}</small></button></form>`,
          )
          .join('\n')}\n<h2>Use another account</h2>`;
  const error = input.error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(input.error)}</p>`;
  const options = input.suggestions.map((s) => `<option value="${escapeHtml(s)}">`).join('');
  return page(
    'Sign in to your account',
    `<h1>Sign in</h1><p>to continue to <strong>${escapeHtml(input.appName)}</strong></p>
${picker}
${error}
<form method="post" action="${action}" id="credentials">${ctxField}
<label>Email, phone, or Skype<input name="login" type="email" list="known-users" autocomplete="username" value="${escapeHtml(input.username ?? '')}" required></label>
<datalist id="known-users">${options}</datalist>
<label>Password<input name="passwd" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>`,
  );
}

/** Entra's sign-in error page: used when the request cannot be redirected (unknown app, bad redirect URI). */
export function errorPage(ctx: EmulatorContext, error: EntraError, correlationId: string | undefined): string {
  const body = errorBody(error, { nowMs: ctx.clock.nowMs(), origin: ctx.urls.publicOrigin, ...(correlationId === undefined ? {} : { correlationId }) });
  const [description = ''] = body.error_description.split('\r\n');
  return page(
    'Sign in to your account',
    `<h1>Sorry, but we’re having trouble signing you in.</h1>
<p id="error-description">${escapeHtml(description)}</p>
<dl><dt>Error code</dt><dd id="error-code">${body.error_codes[0] ?? ''}</dd><dt>Request Id</dt><dd>${escapeHtml(body.trace_id)}</dd>
<dt>Correlation Id</dt><dd>${escapeHtml(body.correlation_id)}</dd><dt>Timestamp</dt><dd>${escapeHtml(body.timestamp)}</dd></dl>`,
  );
}
