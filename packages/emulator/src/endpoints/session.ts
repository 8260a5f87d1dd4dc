import type { EmulatorContext } from '../context.js';
import type { EmulatorRequest } from '../http/request.js';
import type { Session } from '../state/stores.js';
import type { UserConfig } from '../tenants/config-types.js';
import type { Segment } from '../tenants/segment.js';
import { derivedGuid, randomB64u } from '../tokens/ids.js';

/** Entra's session cookie name; the value is an opaque id of an emulator session. */
export const SESSION_COOKIE = 'ESTSAUTH';

/** The browser's session, if its cookie names a live one. */
export function currentSession(ctx: EmulatorContext, req: EmulatorRequest): Session | undefined {
  const id = req.cookies[SESSION_COOKIE];
  return id === undefined ? undefined : ctx.stores.sessions.get(id);
}

/** `Set-Cookie` for a session. SameSite=None lets msal-browser's hidden iframe (prompt=none) send it; that requires Secure. */
export function sessionCookie(ctx: EmulatorContext, id: string): string {
  const site = ctx.options.tls ? 'SameSite=None; Secure' : 'SameSite=Lax';
  return `${SESSION_COOKIE}=${encodeURIComponent(id)}; Path=/; HttpOnly; ${site}`;
}

export function clearedSessionCookie(ctx: EmulatorContext): string {
  return `${sessionCookie(ctx, '')}; Max-Age=0`;
}

/** Adds an account to the browser's session (creating one), most recent first. */
export function signIn(ctx: EmulatorContext, req: EmulatorRequest, tenantId: string, userOid: string): { readonly session: Session; readonly cookie: string } {
  const session = currentSession(ctx, req) ?? { id: randomB64u(32), accounts: [] };
  const authTime = ctx.clock.nowSeconds();
  session.accounts = [{ tenantId, userOid, authTime }, ...session.accounts.filter((a) => !(a.tenantId === tenantId && a.userOid === userOid))];
  ctx.stores.sessions.set(session.id, session);
  return { session, cookie: sessionCookie(ctx, session.id) };
}

/** The `sid` claim and `session_state` of a session: derived, so tokens never reveal the cookie value. */
export function sessionSid(session: Session): string {
  return derivedGuid('sid', session.id);
}

/** A signed-in account usable for this authority segment. */
export interface SessionAccount {
  readonly tenantId: string;
  readonly user: UserConfig;
  readonly authTime: number;
}

/** The session's accounts that this authority accepts: its own tenant's, or any for `common`/`organizations`. */
export function eligibleAccounts(ctx: EmulatorContext, session: Session | undefined, segment: Segment): readonly SessionAccount[] {
  const out: SessionAccount[] = [];
  for (const a of session?.accounts ?? []) {
    if (segment.kind === 'tenant' && a.tenantId !== segment.tenant.id) continue;
    const user = ctx.directory.user(a.tenantId, a.userOid);
    if (user !== undefined) out.push({ tenantId: a.tenantId, user, authTime: a.authTime });
  }
  return out;
}
