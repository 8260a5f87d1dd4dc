import { createHash, randomBytes } from 'node:crypto';
import { DEMO, type Emulator } from '../src/index.js';
import { postForm, signIn } from './support.js';

/** Redirect URI of the demo web client used by the raw-HTTP tests. */
export const WEB_REDIRECT = 'http://localhost:3000/auth/callback';

/** Runs authorize (form sign-in) and the code redemption with plain HTTP; returns the token response. */
export async function codeFlowTokens(
  emu: Emulator,
  options: { readonly user?: { readonly login: string; readonly password: string }; readonly scope?: string; readonly tenant?: string; readonly clientId?: string; readonly secret?: string; readonly redirectUri?: string; readonly headers?: Record<string, string> } = {},
): Promise<Record<string, unknown>> {
  const tenant = options.tenant ?? DEMO.tenantA.id;
  const verifier = randomBytes(32).toString('base64url');
  const redirectUri = options.redirectUri ?? WEB_REDIRECT;
  const clientId = options.clientId ?? DEMO.webClient.appId;
  const url = new URL(`${emu.authority(tenant)}/oauth2/v2.0/authorize`);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: options.scope ?? `openid profile offline_access ${DEMO.ordersApi.identifierUri}/Orders.Read`,
    state: 'xyz',
    nonce: 'n-1',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const { location } = await signIn(emu, url.href, options.user ?? { login: DEMO.users.alice.upn, password: DEMO.users.alice.password });
  const code = location.searchParams.get('code');
  if (code === null) throw new Error(`no code: ${location.href}`);
  const secret = options.secret === undefined && clientId === DEMO.webClient.appId ? DEMO.webClient.secret : options.secret;
  const { body } = await postForm(
    emu,
    `${emu.authority(tenant)}/oauth2/v2.0/token`,
    { grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: redirectUri, code_verifier: verifier, ...(secret === undefined ? {} : { client_secret: secret }) },
    options.headers,
  );
  return body;
}

/** One refresh-token request against the web client. */
export async function refresh(emu: Emulator, refreshToken: string, scope?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return postForm(emu, `${emu.authority()}/oauth2/v2.0/token`, {
    grant_type: 'refresh_token',
    client_id: DEMO.webClient.appId,
    client_secret: DEMO.webClient.secret,
    refresh_token: refreshToken,
    ...(scope === undefined ? {} : { scope }),
  });
}
