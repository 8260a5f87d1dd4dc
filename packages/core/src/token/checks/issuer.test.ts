import { describe, expect, it } from 'vitest';
import { PERSONAL_ACCOUNT_TENANT } from '../../config/guid.js';
import { issuerTemplatesFor } from '../../keys/metadata.js';
import { checkIssuer } from './issuer.js';
import { C, codeOf, T, testOptions, X } from './options.test-helper.js';

const single = testOptions();
const multi = testOptions({ tenancy: { mode: 'multi', allowedTenants: [T] } });
const singleIssuers = issuerTemplatesFor(single.cloud, T);
const commonIssuers = issuerTemplatesFor(multi.cloud, undefined);
const v2 = (tid: string) => `https://login.microsoftonline.com/${tid}/v2.0`;
const v1 = (tid: string) => `https://sts.windows.net/${tid}/`;

describe('checkIssuer', () => {
  it('accepts v2 and v1 issuers of the tenant', () => {
    expect(checkIssuer({ ver: '2.0', tid: T, iss: v2(T) }, singleIssuers, single)).toEqual({ version: '2.0', tenantId: T, issuer: v2(T) });
    expect(checkIssuer({ ver: '1.0', tid: T, iss: v1(T) }, singleIssuers, single).version).toBe('1.0');
    expect(checkIssuer({ ver: '2.0', tid: X, iss: v2(X) }, commonIssuers, multi).tenantId).toBe(X);
  });
  it.each([
    ['ver missing', { tid: T, iss: v2(T) }, 'EG_TOKEN_VERSION_REFUSED'],
    ['ver 3.0', { ver: '3.0', tid: T, iss: v2(T) }, 'EG_TOKEN_VERSION_REFUSED'],
    ['ver 2.0 with v1 issuer', { ver: '2.0', tid: T, iss: v1(T) }, 'EG_ISSUER_INVALID'],
    ['ver 1.0 with v2 issuer', { ver: '1.0', tid: T, iss: v2(T) }, 'EG_ISSUER_INVALID'],
    ['tid missing', { ver: '2.0', iss: v2(T) }, 'EG_TENANT_INVALID'],
    ['tid upper case', { ver: '2.0', tid: T.toUpperCase(), iss: v2(T.toUpperCase()) }, 'EG_TENANT_INVALID'],
    ['tid path traversal', { ver: '2.0', tid: '../../x', iss: v2('../../x') }, 'EG_TENANT_INVALID'],
    ['iss array', { ver: '2.0', tid: T, iss: ['https://attacker.example/', v2(T)] }, 'EG_ISSUER_INVALID'],
    ['literal template', { ver: '2.0', tid: T, iss: 'https://login.microsoftonline.com/{tenantid}/v2.0' }, 'EG_ISSUER_INVALID'],
    ['common', { ver: '2.0', tid: T, iss: 'https://login.microsoftonline.com/common/v2.0' }, 'EG_ISSUER_INVALID'],
    ['http', { ver: '2.0', tid: T, iss: v2(T).replace('https', 'http') }, 'EG_ISSUER_INVALID'],
    ['host case', { ver: '2.0', tid: T, iss: v2(T).replace('login', 'LOGIN') }, 'EG_ISSUER_INVALID'],
    ['port', { ver: '2.0', tid: T, iss: v2(T).replace('.com/', '.com:443/') }, 'EG_ISSUER_INVALID'],
    ['trailing slash', { ver: '2.0', tid: T, iss: `${v2(T)}/` }, 'EG_ISSUER_INVALID'],
    ['V2.0', { ver: '2.0', tid: T, iss: v2(T).replace('v2.0', 'V2.0') }, 'EG_ISSUER_INVALID'],
    ['host suffix', { ver: '2.0', tid: T, iss: `https://login.microsoftonline.com.evil.example/${T}/v2.0` }, 'EG_ISSUER_INVALID'],
    ['v1 without slash', { ver: '1.0', tid: T, iss: `https://sts.windows.net/${T}` }, 'EG_ISSUER_INVALID'],
    ['other cloud', { ver: '2.0', tid: T, iss: `https://login.microsoftonline.us/${T}/v2.0` }, 'EG_ISSUER_INVALID'],
    ['B2C', { ver: '2.0', tid: T, iss: `https://contoso.b2clogin.com/${T}/v2.0/` }, 'EG_ISSUER_INVALID'],
    ['another tenant (single)', { ver: '2.0', tid: X, iss: v2(X) }, 'EG_TENANT_NOT_ALLOWED'],
    ['iss of T with tid X (single)', { ver: '2.0', tid: X, iss: v2(T) }, 'EG_TENANT_NOT_ALLOWED'],
  ])('refuses %s', (_name, claims, code) => {
    expect(codeOf(() => checkIssuer(claims, singleIssuers, single))).toBe(code);
  });
  it('binds tid to the issuer in multi-tenant mode', () => {
    expect(codeOf(() => checkIssuer({ ver: '2.0', tid: X, iss: v2(T) }, commonIssuers, multi))).toBe('EG_ISSUER_INVALID');
    expect(codeOf(() => checkIssuer({ ver: '2.0', tid: T, iss: v2(X) }, commonIssuers, multi))).toBe('EG_ISSUER_INVALID');
  });
  it('refuses the personal-account tenant unless allowed', () => {
    const msa = { ver: '2.0', tid: PERSONAL_ACCOUNT_TENANT, iss: v2(PERSONAL_ACCOUNT_TENANT) };
    expect(codeOf(() => checkIssuer(msa, commonIssuers, multi))).toBe('EG_PERSONAL_ACCOUNT_REFUSED');
    const allowed = testOptions({ tenancy: { mode: 'any-tenant', acknowledgeRisk: true }, allowPersonalAccounts: true });
    expect(codeOf(() => checkIssuer(msa, commonIssuers, allowed))).toBe('ok');
  });
  it('refuses versions that are not accepted', () => {
    const v2only = testOptions({ acceptedVersions: ['2.0'] });
    expect(codeOf(() => checkIssuer({ ver: '1.0', tid: T, iss: v1(T) }, singleIssuers, v2only))).toBe('EG_TOKEN_VERSION_REFUSED');
    expect(C).toBeDefined();
  });
});
