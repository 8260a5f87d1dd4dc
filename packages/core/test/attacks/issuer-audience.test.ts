// Attack catalogue §6: issuer, audience, tenant and version (rows 67–83, 86–88) and row 124 (SSRF
// through token-derived discovery), on single-tenant, multi-tenant and any-tenant guards.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EntraGuard, ErrorCode } from '@entra-guard/core';
import { mintIdToken } from '@entra-guard/test-support';
import { C, expectAccepted, expectGoodPrincipal, expectGoodTokensAccepted, expectOnlyConfiguredRequests, expectRejected, MARKER, MSA, NOW, publishedAs, T, T2, X, useAttackEnv } from './setup.js';

const env = useAttackEnv();
const PUBLIC = 'https://login.microsoftonline.com';
const g = {} as Record<'single' | 'multi' | 'predicate' | 'any' | 'deny' | 'v2only' | 'msaOk' | 'pub', EntraGuard>;
type GuardName = keyof typeof g;
/** Every tenant id the predicate guard's allow-list function was asked about. */
const predicateCalls: string[] = [];

beforeAll(async () => {
  g.single = env.guard;
  g.multi = await env.makeGuard({ tenancy: { mode: 'multi', allowedTenants: [T, T2] } });
  const allowedTenants = (tid: string) => predicateCalls.push(tid) > 0 && (tid === T || tid === T2);
  g.predicate = await env.makeGuard({ tenancy: { mode: 'multi', allowedTenants } });
  g.any = await env.makeGuard({ tenancy: { mode: 'any-tenant', acknowledgeRisk: true } });
  g.deny = await env.makeGuard({ guests: 'deny' });
  g.v2only = await env.makeGuard({ acceptedVersions: ['2.0'] });
  g.msaOk = await env.makeGuard({ tenancy: { mode: 'any-tenant', acknowledgeRisk: true }, allowPersonalAccounts: true });
  // Row 80: public cloud, static keys (K_T bound to the public issuer, and a key bound to US Gov).
  const usgov = { ...env.kA.jwk, kid: 'k-usgov', issuer: 'https://login.microsoftonline.us/{tenantid}/v2.0', cloud_instance_name: 'microsoftonline.us' };
  const noFetch = (() => Promise.reject(new Error('static keys must not fetch'))) as typeof fetch;
  g.pub = await env.makeGuard({ cloud: 'public', fetch: noFetch, keys: { jwks: { keys: [{ ...env.kT.jwk, issuer: `${PUBLIC}/{tenantid}/v2.0` }, usgov] } } });
});

const origin = (): string => env.server.origin;
const v2iss = (tid: string): string => `${origin()}/${tid}/v2.0`;
const usgovKey = () => publishedAs(env.kA, { kid: 'k-usgov' });

describe('positive controls', () => {
  it('accepts G2, G1 and GA on the single, multi, predicate and any-tenant guards', async () => {
    for (const name of ['single', 'multi', 'predicate', 'any'] as const) await expectGoodTokensAccepted(env, g[name]);
  });
  it('accepts tenant T2 on the multi-tenant guards', async () => {
    for (const name of ['multi', 'predicate'] as const) expectGoodPrincipal(await expectAccepted(g[name], env.g2({ tenantId: T2 })), 'user', '2.0', T2);
  });
});

describe('row 67: token for another API', () => {
  it('refuses aud = another app in the same tenant', async () => {
    await expectRejected(g.single, env.g2({ audience: 'b7f1c2d3-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }), 'EG_AUDIENCE_INVALID');
  });
});

describe('row 68: Microsoft Graph token', () => {
  const GRAPH = ['00000003-0000-0000-c000-000000000000', 'https://graph.microsoft.com'];
  it.each(GRAPH)('refuses a Graph-shaped token (header nonce, aud %s), signed as Graph does', async (aud) => {
    const { header, payload } = env.parts({ audience: aud });
    const nonce = 'graph-nonce-Qm9ndXNOb25jZQ';
    const hashed = createHash('sha256').update(nonce).digest('base64url');
    const signed = env.sign({ ...header, nonce: hashed }, payload).split('.');
    const sent = env.sign({ ...header, nonce }, payload).split('.');
    await expectRejected(g.single, `${sent[0]}.${sent[1]}.${signed[2]}`, 'EG_TOKEN_FOR_OTHER_RESOURCE');
  });
  it.each(GRAPH)('refuses the "nonce fixed-up" variant (aud %s, valid signature over the nonce header)', async (aud) => {
    await expectRejected(g.single, env.g2({ audience: aud, header: { nonce: 'abc' } }), 'EG_TOKEN_FOR_OTHER_RESOURCE');
  });
  it.each([...GRAPH, 'https://graph.microsoft.com/'])('refuses re-signed aud %s without a nonce', async (aud) => {
    await expectRejected(g.single, env.g2({ audience: aud }), 'EG_TOKEN_FOR_OTHER_RESOURCE');
  });
});

describe('row 69: other first-party resources', () => {
  it.each(['https://management.azure.com/', 'https://vault.azure.net', 'https://storage.azure.com/'])('refuses aud %s', async (aud) => {
    await expectRejected(g.single, env.g2({ audience: aud }), 'EG_AUDIENCE_INVALID');
  });
});

describe('row 70: ID token (and client-claim confusion) used as an access token', () => {
  const idToken = (clientId: string) => mintIdToken({ key: env.kT, issuerOrigin: origin(), tenantId: T, clientId, now: NOW });
  it('refuses a v2 ID token whose aud is the API (shared registration)', async () => {
    await expectRejected(g.single, idToken(C), 'EG_NOT_ACCESS_TOKEN');
  });
  it('refuses an ID token issued to another client', async () => {
    await expectRejected(g.single, idToken('7c5e2b90-1d4f-4a83-b6e7-9f03c8a1d256'), 'EG_AUDIENCE_INVALID');
  });
  it.each([
    ['v2 without azp', () => env.g2({ claims: { azp: undefined } })],
    ['v2 with appid beside azp', () => env.g2({ claims: { appid: 'x-client' } })],
    ['v1 with azp beside appid', () => env.g1({ claims: { azp: 'x-client' } })],
    ['v1 without appid', () => env.g1({ claims: { appid: undefined } })],
  ])('refuses %s', async (_name, token) => {
    await expectRejected(g.single, token(), 'EG_NOT_ACCESS_TOKEN');
  });
});

describe('row 71: aud as an array or another type', () => {
  const values: [string, unknown][] = [['["api://other", C]', ['api://other', C]], ['[C]', [C]], ['[]', []], ['null', null], ['123', 123], ['missing', undefined]];
  it.each(values)('refuses aud %s', async (_name, aud) => {
    await expectRejected(g.single, env.g2({ claims: { aud } }), 'EG_AUDIENCE_INVALID');
  });
});

describe('row 72: aud lookalikes', () => {
  const lookalikes = [C.toUpperCase(), `api://${C}/`, `api://${C}/extra`, `API://${C}`, `spn:${C}`, `${C} `, `{${C}}`, ` ${C}`, `${C}\u0000`];
  it.each(lookalikes)('refuses aud %j', async (aud) => {
    await expectRejected(g.single, env.g2({ audience: aud }), 'EG_AUDIENCE_INVALID');
  });
  it('accepts both configured forms, C and api://C, in v2 and v1 tokens (control)', async () => {
    await expectAccepted(g.single, env.g2({ audience: `api://${C}` }));
    await expectAccepted(g.single, env.g1({ audience: C }));
  });
});

describe('row 73: attacker tenant X against a multi-tenant configuration', () => {
  it.each(['multi', 'predicate'] as const)('refuses delegated and app-only tokens from X on the %s guard', async (name) => {
    await expectRejected(g[name], env.g2({ tenantId: X }), 'EG_TENANT_NOT_ALLOWED');
    await expectRejected(g[name], env.ga({ tenantId: X }), 'EG_TENANT_NOT_ALLOWED');
    await expectRejected(g[name], env.g1({ tenantId: X }), 'EG_TENANT_NOT_ALLOWED');
  });
  it('refuses X on the single-tenant guard', async () => {
    await expectRejected(g.single, env.g2({ tenantId: X }), 'EG_TENANT_NOT_ALLOWED');
  });
  it('fails closed when the allow-list function throws or answers a truthy non-boolean', async () => {
    const throwing = await env.makeGuard({ tenancy: { mode: 'multi', allowedTenants: () => { throw new Error(`tenant db down ${MARKER}`); } } });
    await expectRejected(throwing, env.g2(), 'EG_TENANT_NOT_ALLOWED', ['tenant db down']);
    const sloppy = await env.makeGuard({ tenancy: { mode: 'multi', allowedTenants: () => 'yes' as unknown as boolean } });
    await expectRejected(sloppy, env.g2({ tenantId: X }), 'EG_TENANT_NOT_ALLOWED');
    await expectRejected(sloppy, env.g2(), 'EG_TENANT_NOT_ALLOWED');
  });
  it('accepts X only on the any-tenant guard (its documented, acknowledged risk)', async () => {
    expectGoodPrincipal(await expectAccepted(g.any, env.g2({ tenantId: X })), 'user', '2.0', X);
  });
});

describe('row 74: iss / tid mismatch', () => {
  it.each([
    // Observed: a single-tenant guard compares tid with its tenant before the issuer, so a foreign
    // tid is "not allowed" rather than "not the tenant of iss"; both are 401 and defensible.
    ['single', 'iss T, tid X', T, X, 'EG_TENANT_NOT_ALLOWED'],
    ['single', 'iss X, tid T', X, T, 'EG_ISSUER_INVALID'],
    ['multi', 'iss T, tid X', T, X, 'EG_ISSUER_INVALID'],
    ['multi', 'iss X, tid T', X, T, 'EG_ISSUER_INVALID'],
    ['any', 'iss T, tid X', T, X, 'EG_ISSUER_INVALID'],
  ] as const)('%s guard refuses %s', async (name, _desc, issTenant, tid, code) => {
    await expectRejected(g[name], env.g2({ claims: { iss: v2iss(issTenant), tid } }), code);
  });
  it.each([
    ['upper-case', () => T.toUpperCase()],
    ['braced', () => `{${T}}`],
    ['missing', () => undefined],
    ['a number', () => 42],
    ['a domain name', () => 'contoso.onmicrosoft.com'],
  ])('refuses a %s tid on every guard', async (_name, tid) => {
    for (const name of ['single', 'multi', 'any'] as const) await expectRejected(g[name], env.g2({ claims: { tid: tid() } }), 'EG_TENANT_INVALID');
  });
});

describe('row 76: template and pseudo-tenant issuers', () => {
  const pseudo = ['{tenantid}', 'common', 'organizations', 'consumers'];
  it.each(pseudo)('refuses iss …/%s/v2.0 with that segment as tid, on every guard', async (seg) => {
    for (const name of ['single', 'multi', 'any'] as const) await expectRejected(g[name], env.g2({ claims: { iss: v2iss(seg), tid: seg } }), 'EG_TENANT_INVALID');
  });
  it.each(pseudo)('refuses iss …/%s/v2.0 with tid T, on every guard', async (seg) => {
    for (const name of ['single', 'multi', 'any'] as const) await expectRejected(g[name], env.g2({ claims: { iss: v2iss(seg) } }), 'EG_ISSUER_INVALID');
  });
});

describe('row 77: issuer lookalikes (exact string comparison)', () => {
  const custom = (f: (o: string) => string): (() => string) => () => f(origin());
  const cases: [GuardName, string, () => string][] = [
    ['single', 'http:// scheme', custom((o) => `${o.replace('https:', 'http:')}/${T}/v2.0`)],
    ['single', 'HTTPS:// scheme', custom((o) => `${o.replace('https:', 'HTTPS:')}/${T}/v2.0`)],
    ['single', 'localhost for 127.0.0.1', custom((o) => `${o.replace('127.0.0.1', 'localhost')}/${T}/v2.0`)],
    ['single', 'trailing slash', custom((o) => `${o}/${T}/v2.0/`)],
    ['single', 'V2.0', custom((o) => `${o}/${T}/V2.0`)],
    ['single', 'double slash', custom((o) => `${o}//${T}/v2.0`)],
    ['single', 'dot segment', custom((o) => `${o}/${T}/./v2.0`)],
    ['single', 'query suffix', custom((o) => `${o}/${T}/v2.0?x=1`)],
    ['single', 'upper-case tenant', custom((o) => `${o}/${T.toUpperCase()}/v2.0`)],
    ['multi', 'suffix host', custom((o) => `${o}.evil.example/${T}/v2.0`)],
    ['pub', 'LOGIN.microsoftonline.com', () => `https://LOGIN.microsoftonline.com/${T}/v2.0`],
    ['pub', ':443', () => `${PUBLIC}:443/${T}/v2.0`],
    ['pub', 'http://login.microsoftonline.com', () => `http://login.microsoftonline.com/${T}/v2.0`],
    ['pub', 'login.microsoftonline.com.evil.example', () => `https://login.microsoftonline.com.evil.example/${T}/v2.0`],
    ['pub', 'trailing slash', () => `${PUBLIC}/${T}/v2.0/`],
  ];
  it.each(cases)('%s guard refuses %s', async (name, _desc, iss) => {
    await expectRejected(g[name], env.g2({ issuerOrigin: PUBLIC, claims: { iss: iss() } }), 'EG_ISSUER_INVALID');
  });
  it.each([`https://sts.windows.net/${T}`, `https://STS.windows.net/${T}/`, `https://sts.windows.net:443/${T}/`])('refuses the v1 lookalike %s', async (iss) => {
    await expectRejected(g.single, env.g1({ claims: { iss } }), 'EG_ISSUER_INVALID');
  });
});

describe('row 78: iss as an array or another type', () => {
  it.each([
    ['["https://attacker.example/", iss]', () => ['https://attacker.example/', v2iss(T)]],
    ['[iss]', () => [v2iss(T)]],
    ['null', () => null],
    ['an object', () => ({ iss: v2iss(T) })],
    ['missing', () => undefined],
  ])('refuses iss %s', async (_name, iss) => {
    await expectRejected(g.single, env.g2({ claims: { iss: iss() } }), 'EG_ISSUER_INVALID');
  });
});

describe('row 79: v1 / v2 confusion', () => {
  it('refuses G1 on a v2-only guard (which accepts G2), and G2 on a v1-only guard', async () => {
    await expectRejected(g.v2only, env.g1(), 'EG_TOKEN_VERSION_REFUSED');
    await expectAccepted(g.v2only, env.g2());
    const v1only = await env.makeGuard({ acceptedVersions: ['1.0'] });
    await expectRejected(v1only, env.g2(), 'EG_TOKEN_VERSION_REFUSED');
    await expectAccepted(v1only, env.g1());
  });
  it.each([
    // A mismatched issuer shape for the claimed version is an issuer error: the issuer is the one of `ver`.
    ['ver 2.0 with the sts.windows.net issuer', () => env.g2({ claims: { iss: `https://sts.windows.net/${T}/` } }), 'EG_ISSUER_INVALID'],
    ['ver 1.0 with the v2 issuer', () => env.g1({ claims: { iss: v2iss(T) } }), 'EG_ISSUER_INVALID'],
    ['ver missing', () => env.g2({ claims: { ver: undefined } }), 'EG_TOKEN_VERSION_REFUSED'],
    ['ver 3.0', () => env.g2({ claims: { ver: '3.0' } }), 'EG_TOKEN_VERSION_REFUSED'],
    ['ver 2 (a number)', () => env.g2({ claims: { ver: 2 } }), 'EG_TOKEN_VERSION_REFUSED'],
    ['ver "2.0 "', () => env.g2({ claims: { ver: '2.0 ' } }), 'EG_TOKEN_VERSION_REFUSED'],
  ] as const)('refuses %s', async (_name, token, code) => {
    await expectRejected(g.single, token(), code);
  });
});

describe('row 80: another cloud', () => {
  it('accepts public-cloud G2 and G1 on the public guard (control)', async () => {
    await expectAccepted(g.pub, env.g2({ issuerOrigin: PUBLIC }));
    await expectAccepted(g.pub, env.g1({ issuerOrigin: PUBLIC }));
  });
  it.each(['https://login.microsoftonline.us', 'https://login.chinacloudapi.cn', 'https://login.partner.microsoftonline.cn'])('refuses iss %s/T/v2.0 on the public guard', async (host) => {
    await expectRejected(g.pub, env.g2({ issuerOrigin: host }), 'EG_ISSUER_INVALID');
  });
  it('refuses a public-cloud token signed by a key bound to the US Gov issuer', async () => {
    await expectRejected(g.pub, env.g2({ issuerOrigin: PUBLIC, key: usgovKey() }), 'EG_KEY_ISSUER_MISMATCH');
  });
});

describe('row 81: personal-account token at an organisational API', () => {
  const msaToken = () => env.g2({ tenantId: MSA, key: env.kMsa });
  it('refuses it on the single-tenant guard', async () => {
    // Observed: the single-tenant tenant comparison runs before the personal-account rule (401 either way).
    await expectRejected(g.single, msaToken(), 'EG_TENANT_NOT_ALLOWED');
  });
  it.each(['multi', 'any'] as const)('refuses it on the %s guard as a personal account', async (name) => {
    await expectRejected(g[name], msaToken(), 'EG_PERSONAL_ACCOUNT_REFUSED');
  });
  it('refuses it even when MSA is in allowedTenants, unless allowPersonalAccounts is set', async () => {
    const listed = await env.makeGuard({ tenancy: { mode: 'multi', allowedTenants: [T, MSA] } });
    await expectRejected(listed, msaToken(), 'EG_PERSONAL_ACCOUNT_REFUSED');
    await expectAccepted(g.msaOk, msaToken()); // control: the binding accepts K_MSA for the MSA issuer
  });
});

describe('row 82: Storm-0558, consumer key signs an enterprise token', () => {
  it.each(['single', 'multi', 'any', 'msaOk'] as const)('%s guard refuses v2 (delegated and app-only) tokens for T signed by K_MSA', async (name) => {
    await expectRejected(g[name], env.g2({ key: env.kMsa }), 'EG_KEY_ISSUER_MISMATCH');
    await expectRejected(g[name], env.ga({ key: env.kMsa }), 'EG_KEY_ISSUER_MISMATCH');
  });
});

describe('row 83: Storm-0558 via a v1-shaped token', () => {
  it.each(['single', 'multi', 'any', 'msaOk'] as const)('%s guard refuses the v1 shape (sts.windows.net issuer) signed by K_MSA', async (name) => {
    await expectRejected(g[name], env.g1({ key: env.kMsa }), 'EG_KEY_ISSUER_MISMATCH');
  });
});

describe('row 86: app-specific keys chosen by the token', () => {
  it('never fetches ?appid=<token value> for a token signed with an attacker custom key', async () => {
    const guard = await env.makeGuard();
    env.server.clearRequests();
    const custom = publishedAs(env.kA, { kid: 'attacker-custom-key' });
    await expectRejected(guard, env.g2({ key: custom, clientId: 'attacker-app-id' }), 'EG_KEY_NOT_FOUND');
    await expectRejected(guard, env.g1({ key: custom, clientId: 'attacker-app-id' }), 'EG_KEY_NOT_FOUND');
    expect(env.server.countRequests('appid')).toBe(0);
    expect(env.server.countRequests('attacker')).toBe(0);
    expectOnlyConfiguredRequests(env.server, T);
  });
});

describe('row 87: B2C issuers at an Entra API', () => {
  it.each([
    ['b2clogin.com', () => `https://contoso.b2clogin.com/${T}/v2.0/`],
    ['legacy tfp path', () => `${origin()}/tfp/${T}/B2C_1_susi/v2.0/`],
  ])('refuses the %s issuer', async (_name, iss) => {
    await expectRejected(g.single, env.g2({ claims: { iss: iss(), tfp: 'B2C_1_susi', acr: 'b2c_1_susi' } }), 'EG_ISSUER_INVALID');
  });
});

describe('row 88: guest of an allowed tenant', () => {
  const guest = (claims: Record<string, unknown> = {}) => env.g2({ claims: { idp: `https://sts.windows.net/${X}/`, acct: 1, ...claims } });
  it('accepts the guest on a normal guard, in tenant T, marked as a guest', async () => {
    const p = await expectAccepted(g.single, guest());
    expect(p.tenantId).toBe(T);
    expect(p.kind === 'user' && p.isGuest).toBe(true);
  });
  it.each([
    ['acct 1', {}],
    ['acct 0 but a foreign idp', { acct: 0 }],
    ['no acct (fails closed)', { acct: undefined, idp: undefined }],
  ])('refuses %s with EG_GUEST_REFUSED when guests are denied', async (_name, claims) => {
    await expectRejected(g.deny, guest(claims), 'EG_GUEST_REFUSED');
  });
  it('accepts a member (acct 0) and an app on the deny guard', async () => {
    await expectAccepted(g.deny, env.g2({ claims: { acct: 0, marker: MARKER } }));
    await expectAccepted(g.deny, env.ga());
  });
});

describe('row 124: SSRF through token-derived discovery', () => {
  const ATTACKS: [string, () => Record<string, unknown>, ErrorCode][] = [
    ['iss https://attacker.example/', () => ({ iss: 'https://attacker.example/', tid: X }), 'EG_ISSUER_INVALID'],
    ['iss http://169.254.169.254/latest/', () => ({ iss: 'http://169.254.169.254/latest/', tid: X }), 'EG_ISSUER_INVALID'],
    ['iss on the attacker host with tid X', () => ({ iss: `https://attacker.example/${X}/v2.0`, tid: X }), 'EG_ISSUER_INVALID'],
    ['tid ../../x', () => ({ iss: v2iss('../../x'), tid: '../../x' }), 'EG_TENANT_INVALID'],
    ['tid attacker.example#', () => ({ iss: v2iss('attacker.example#'), tid: 'attacker.example#' }), 'EG_TENANT_INVALID'],
    ['tid with a URL', () => ({ iss: v2iss(T), tid: 'https://attacker.example/' }), 'EG_TENANT_INVALID'],
  ];
  it.each(['multi', 'predicate', 'any'] as const)('%s guard refuses forged and re-signed attacks with zero requests', async (name) => {
    env.server.clearRequests();
    predicateCalls.length = 0;
    for (const [, claims, code] of ATTACKS) {
      await expectRejected(g[name], env.forge({ claims: claims() }), 'EG_SIGNATURE_INVALID');
      await expectRejected(g[name], env.g2({ claims: claims() }), code);
    }
    if (name !== 'any') await expectRejected(g[name], env.g2({ tenantId: X }), 'EG_TENANT_NOT_ALLOWED');
    expect(env.server.requests).toHaveLength(0);
    // The allow-list function only ever hears of well-formed tenant ids from validly signed tokens.
    expect(predicateCalls.filter((tid) => tid !== X)).toEqual([]);
  });
  it('an unknown kid with an attacker issuer only refreshes the configured key set', async () => {
    const guard = await env.makeGuard({ tenancy: { mode: 'multi', allowedTenants: [T] } });
    env.server.clearRequests();
    const token = env.g2({ key: publishedAs(env.kA, { kid: 'unknown-kid' }), claims: { iss: 'https://attacker.example/', tid: X } });
    await expectRejected(guard, token, 'EG_KEY_NOT_FOUND');
    expectOnlyConfiguredRequests(env.server, 'organizations');
  });
});
