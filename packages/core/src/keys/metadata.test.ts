import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '@entra-guard/test-support';
import { resolveCloud } from '../config/clouds.js';
import { authoritySegment, checkDiscovery, discoveryUrls, issuerTemplatesFor } from './metadata.js';

const realDoc = (file: string): Record<string, unknown> =>
  (JSON.parse(readFileSync(join(fixturesDir(), 'metadata', file), 'utf8')) as { document: Record<string, unknown> }).document;

const publicCloud = resolveCloud('public');

describe('discovery checks against real Entra documents', () => {
  it('accepts the real tenant-independent v2 and v1 documents', () => {
    expect(checkDiscovery(realDoc('v2-organizations-openid-configuration.2024-10-26.json'), '2.0', publicCloud, undefined)).toEqual({
      issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
      jwksUri: 'https://login.microsoftonline.com/organizations/discovery/v2.0/keys',
    });
    expect(checkDiscovery(realDoc('v2-common-openid-configuration.2024-02-02.json'), '2.0', publicCloud, undefined).issuer).toBe(
      'https://login.microsoftonline.com/{tenantid}/v2.0',
    );
    expect(checkDiscovery(realDoc('v1-common-openid-configuration.2024-02-02.json'), '1.0', publicCloud, undefined).issuer).toBe(
      'https://sts.windows.net/{tenantid}/',
    );
  });
  it('refuses a real tenant document whose jwks_uri was rewritten to another host', () => {
    const doc = realDoc('v2-tenant-10c419d4-openid-configuration.microsoft-identity-web.json');
    expect(() => checkDiscovery(doc, '2.0', publicCloud, '10c419d4-4a50-45b2-aa4e-919fb84df24f')).toThrow(/not on the authority host/);
    const repaired = { ...doc, jwks_uri: 'https://login.microsoftonline.com/10c419d4-4a50-45b2-aa4e-919fb84df24f/discovery/v2.0/keys' };
    expect(checkDiscovery(repaired, '2.0', publicCloud, '10c419d4-4a50-45b2-aa4e-919fb84df24f').issuer).toBe(
      'https://login.microsoftonline.com/10c419d4-4a50-45b2-aa4e-919fb84df24f/v2.0',
    );
  });
  it.each([
    ['a tenant document for a multi-tenant API', { issuer: 'https://login.microsoftonline.com/10c419d4-4a50-45b2-aa4e-919fb84df24f/v2.0' }],
    ['another host', { issuer: 'https://login.evil.example/{tenantid}/v2.0' }],
    ['no issuer', { issuer: undefined }],
    ['http jwks_uri', { jwks_uri: 'http://login.microsoftonline.com/organizations/discovery/v2.0/keys' }],
    ['foreign jwks_uri', { jwks_uri: 'https://attacker.example/keys' }],
    ['no jwks_uri', { jwks_uri: undefined }],
  ])('refuses %s', (_n, patch) => {
    const doc = { ...realDoc('v2-organizations-openid-configuration.2024-10-26.json'), ...patch };
    expect(() => checkDiscovery(doc, '2.0', publicCloud, undefined)).toThrow();
  });
  it('builds Entra metadata URLs and static issuers', () => {
    expect(authoritySegment(undefined, false)).toBe('organizations');
    expect(authoritySegment(undefined, true)).toBe('common');
    expect(discoveryUrls(publicCloud, 'organizations')).toEqual({
      v2: 'https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration',
      v1: 'https://login.microsoftonline.com/organizations/.well-known/openid-configuration',
    });
    expect(issuerTemplatesFor(resolveCloud('china'), 'x')).toEqual({
      '2.0': 'https://login.partner.microsoftonline.cn/x/v2.0',
      '1.0': 'https://sts.chinacloudapi.cn/x/',
    });
  });
});
