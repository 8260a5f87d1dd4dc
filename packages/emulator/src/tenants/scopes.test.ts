import { describe, expect, it } from 'vitest';
import { GRAPH_APP_ID } from './graph.js';
import { redirectMatches } from './redirect-uris.js';
import { formatScopes, parseScopes } from './scopes.js';

describe('parseScopes', () => {
  it('splits OIDC scopes from resource scopes, at the last slash', () => {
    const parsed = parseScopes('openid api://orders/Orders.Read  profile https://contoso.com/api/Orders.Write api://orders/Orders.Write offline_access');
    expect(parsed.oidc).toEqual(['openid', 'profile', 'offline_access']);
    expect(parsed.resources).toEqual([
      { resource: 'api://orders', names: ['Orders.Read', 'Orders.Write'], written: ['api://orders/Orders.Read', 'api://orders/Orders.Write'] },
      { resource: 'https://contoso.com/api', names: ['Orders.Write'], written: ['https://contoso.com/api/Orders.Write'] },
    ]);
    expect(formatScopes(parsed)).toBe('api://orders/Orders.Read api://orders/Orders.Write https://contoso.com/api/Orders.Write openid profile offline_access');
  });

  it('reads bare names as Microsoft Graph permissions and handles .default and GUID resources', () => {
    expect(parseScopes('User.Read').resources).toEqual([{ resource: GRAPH_APP_ID, names: ['User.Read'], written: ['User.Read'] }]);
    expect(parseScopes('7c2e9f4a-1b3d-4a6e-8c5f-2d9b0a7e4f16/.default').resources[0]?.names).toEqual(['.default']);
    expect(parseScopes(undefined)).toEqual({ oidc: [], resources: [] });
  });
});

describe('redirectMatches', () => {
  it('matches exactly, or ignoring the port on http loopback addresses', () => {
    expect(redirectMatches('https://app.example/cb', 'https://app.example/cb')).toBe(true);
    expect(redirectMatches('https://app.example/cb', 'https://app.example/cb/')).toBe(false);
    expect(redirectMatches('http://127.0.0.1/auth/callback', 'http://127.0.0.1:51234/auth/callback')).toBe(true);
    expect(redirectMatches('http://localhost:3000/auth/callback', 'http://localhost:4000/auth/callback')).toBe(true);
    expect(redirectMatches('http://localhost:3000/auth/callback', 'http://localhost:3000/other')).toBe(false);
    expect(redirectMatches('http://localhost/cb', 'http://127.0.0.1/cb')).toBe(false);
    expect(redirectMatches('https://localhost/cb', 'https://localhost:9/cb')).toBe(false);
  });
});
