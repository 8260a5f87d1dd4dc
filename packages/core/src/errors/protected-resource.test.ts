import { describe, expect, it } from 'vitest';
import { protectedResourceMetadata, protectedResourceMetadataUrl } from './protected-resource.js';

describe('protected-resource metadata (RFC 9728)', () => {
  it('builds the document', () => {
    expect(
      protectedResourceMetadata({
        resource: 'https://api.contoso.example',
        authorizationServers: ['https://login.microsoftonline.com/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee/v2.0'],
        scopesSupported: ['api://x/Orders.Read'],
      }),
    ).toEqual({
      resource: 'https://api.contoso.example',
      authorization_servers: ['https://login.microsoftonline.com/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee/v2.0'],
      bearer_methods_supported: ['header'],
      resource_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['api://x/Orders.Read'],
    });
  });
  it('refuses bad input', () => {
    expect(() => protectedResourceMetadata({ resource: 'http://api.example', authorizationServers: ['https://a'] })).toThrow(TypeError);
    expect(() => protectedResourceMetadata({ resource: 'https://api.example', authorizationServers: [] })).toThrow(TypeError);
  });
  it('places the well-known segment before the resource path', () => {
    expect(protectedResourceMetadataUrl('https://api.example')).toBe('https://api.example/.well-known/oauth-protected-resource');
    expect(protectedResourceMetadataUrl('https://api.example/orders/')).toBe('https://api.example/.well-known/oauth-protected-resource/orders');
  });
});
