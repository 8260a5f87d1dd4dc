import { describe, expect, it } from 'vitest';
import type { WebClientOptions } from './contract.js';
import { resolveWebOptions } from './options.js';

const BASE: WebClientOptions = {
  authority: 'https://localhost:8443/organizations/v2.0',
  clientId: 'client',
  clientSecret: 'secret',
  scopes: ['api://orders/Orders.Read'],
  publicOrigin: 'http://127.0.0.1:3000',
  cookieSecret: 'x'.repeat(32),
};

describe('resolveWebOptions', () => {
  it('normalises the authority to its v2 issuer form', () => {
    for (const authority of ['https://localhost:8443/organizations', 'https://localhost:8443/organizations/', 'https://localhost:8443/organizations/v2.0', 'https://localhost:8443/organizations/v2.0/']) {
      const r = resolveWebOptions({ ...BASE, authority });
      expect(r.issuerUrl).toBe('https://localhost:8443/organizations/v2.0');
      expect(r.discoveryUrl).toBe('https://localhost:8443/organizations/v2.0/.well-known/openid-configuration');
    }
  });

  it('derives the redirect URI, the scopes and whether cookies are Secure', () => {
    const r = resolveWebOptions(BASE);
    expect(r.redirectUri).toBe('http://127.0.0.1:3000/auth/callback');
    expect(r.scope).toBe('openid profile offline_access api://orders/Orders.Read');
    expect(r.secureCookies).toBe(false);
    expect(resolveWebOptions({ ...BASE, publicOrigin: 'http://localhost:3000' }).secureCookies).toBe(true);
    expect(resolveWebOptions({ ...BASE, publicOrigin: 'https://orders.example.com' }).secureCookies).toBe(true);
  });

  it.each([
    [{ authority: 'http://localhost:8443/organizations' }, /https/],
    [{ authority: 'https://localhost:8443' }, /tenant segment/],
    [{ authority: 'not a url' }, /not a URL/],
    [{ clientSecret: '' }, /clientSecret/],
    [{ cookieSecret: 'short' }, /32 characters/],
    [{ publicOrigin: 'http://orders.example.com' }, /https/],
    [{ publicOrigin: 'http://127.0.0.1:3000/app' }, /without a path/],
    [{ scopes: ['two words'] }, /scope/],
  ] as const)('refuses %o', (change, message) => {
    expect(() => resolveWebOptions({ ...BASE, ...change })).toThrow(message);
  });
});
