import { timingSafeEqual, X509Certificate } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { entraTimestamp, EntraError } from '../errors/entra-error.js';
import type { EmulatorRequest } from '../http/request.js';
import { sha1Thumbprint, sha256Thumbprint } from '../keys/certificates.js';
import type { ServicePrincipal, Tenant } from '../tenants/directory.js';
import { GUID } from '../tenants/shape-check.js';
import type { ClientAuth } from '../tokens/access-token.js';
import { decodeJwt, verifySignature, type DecodedJwt } from '../tokens/jwt.js';

/** The client a token request comes from, and how strongly it proved it. */
export interface AuthenticatedClient {
  readonly sp: ServicePrincipal;
  readonly auth: ClientAuth;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const SKEW = 300;

function basicCredentials(req: EmulatorRequest): { readonly id: string; readonly secret: string } | undefined {
  const header = req.headers.authorization;
  if (header === undefined || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
  const unescape = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
  return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function checkSecret(ctx: EmulatorContext, sp: ServicePrincipal, secret: string): ClientAuth {
  const match = (sp.app.secrets ?? []).find((s) => sameSecret(s.value, secret));
  if (match === undefined) throw new EntraError('invalidClientSecret', { appId: sp.app.appId });
  if (match.expires != null && Date.parse(match.expires) <= ctx.clock.nowMs()) throw new EntraError('expiredClientSecret', { appId: sp.app.appId });
  return '1';
}

/** Audiences Entra accepts in a client assertion: the token endpoints (MSAL) or the issuer (openid-client v6). */
function assertionAudiences(ctx: EmulatorContext, tenant: Tenant, segment: string): ReadonlySet<string> {
  const out = new Set<string>([ctx.urls.v2Issuer(tenant.id)]);
  for (const s of new Set([segment, tenant.id, ...tenant.domains])) {
    out.add(ctx.urls.endpoint(s, '/oauth2/v2.0/token'));
    out.add(ctx.urls.endpoint(s, '/oauth2/token'));
  }
  return out;
}

function certificateFor(sp: ServicePrincipal, jwt: DecodedJwt): readonly string[] {
  const pems = (sp.app.certificates ?? []).map((c) => c.pem);
  const s256 = jwt.header['x5t#S256'];
  const s1 = jwt.header.x5t;
  if (typeof s256 === 'string') return pems.filter((p) => sha256Thumbprint(p) === s256);
  if (typeof s1 === 'string') return pems.filter((p) => sha1Thumbprint(p) === s1);
  return pems;
}

function checkAssertion(ctx: EmulatorContext, sp: ServicePrincipal, tenant: Tenant, segment: string, assertion: string): ClientAuth {
  const jwt = decodeJwt(assertion);
  if (jwt === undefined) throw new EntraError('assertionMalformed');
  const { payload } = jwt;
  if (payload.iss !== sp.app.appId || payload.sub !== sp.app.appId) throw new EntraError('assertionClaims');
  const aud = payload.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (audiences.length > 1) throw new EntraError('assertionAudiences', { count: audiences.length });
  if (typeof audiences[0] !== 'string' || !assertionAudiences(ctx, tenant, segment).has(audiences[0])) throw new EntraError('assertionAudience');
  const verified = certificateFor(sp, jwt).some((pem) => verifySignature(jwt, new X509Certificate(pem).publicKey));
  if (!verified) throw new EntraError('assertionSignature');
  const now = ctx.clock.nowSeconds();
  const exp = typeof payload.exp === 'number' ? payload.exp : Number.NaN;
  const nbf = typeof payload.nbf === 'number' ? payload.nbf : now;
  if (!(exp + SKEW > now) || nbf - SKEW > now) {
    const t = (s: number): string => (Number.isFinite(s) ? entraTimestamp(s * 1000) : 'none');
    throw new EntraError('assertionTime', { now: t(now), nbf: t(nbf), exp: t(exp) });
  }
  return '2';
}

/**
 * Identifies and authenticates the client of a token request (emulator spec §2.6): secret in
 * the body or a Basic header, or a certificate-signed assertion. `confidential` says whether the
 * flow needs a credential; a public client that sends one anyway is refused (AADSTS700025).
 */
export function authenticateClient(ctx: EmulatorContext, req: EmulatorRequest, tenant: Tenant, segment: string, confidential: boolean): AuthenticatedClient {
  const form = req.form;
  const basic = basicCredentials(req);
  const assertion = form.client_assertion_type === ASSERTION_TYPE ? form.client_assertion : undefined;
  const assertionIss = assertion === undefined ? undefined : decodeJwt(assertion)?.payload.iss;
  const clientId = form.client_id ?? basic?.id ?? (typeof assertionIss === 'string' ? assertionIss : undefined);
  if (clientId === undefined) throw new EntraError('missingParameter', { name: 'client_id' });
  if (!GUID.test(clientId)) throw new EntraError('clientIdNotGuid');
  const sp = ctx.directory.servicePrincipal(clientId, tenant.id);
  if (sp === undefined) throw new EntraError('appNotFound', { appId: clientId, tenant: tenant.displayName });
  const secret = form.client_secret ?? basic?.secret;
  const hasCredentials = (sp.app.secrets ?? []).length + (sp.app.certificates ?? []).length > 0;
  if (secret === undefined && assertion === undefined) {
    if (confidential) throw new EntraError('missingClientCredential');
    return { sp, auth: '0' };
  }
  if (!hasCredentials) throw new EntraError('publicClientCredential');
  if (assertion !== undefined) return { sp, auth: checkAssertion(ctx, sp, tenant, segment, assertion) };
  return { sp, auth: checkSecret(ctx, sp, secret ?? '') };
}
