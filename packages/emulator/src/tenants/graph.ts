import type { ApplicationConfig } from './config-types.js';

/** Microsoft Graph's application id, the same in every tenant. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/**
 * Microsoft Graph as a built-in resource of every tenant, because OIDC-only sign-ins (`openid
 * profile`) get a Graph access token from Entra and `/oidc/userinfo` is a Graph endpoint. Its
 * tokens are v1 and carry the header `nonce` that makes them unverifiable by third parties.
 */
export const GRAPH_APP: ApplicationConfig = Object.freeze({
  appId: GRAPH_APP_ID,
  displayName: 'Microsoft Graph',
  identifierUris: ['https://graph.microsoft.com', 'https://graph.microsoft.com/'],
  accessTokenAcceptedVersion: null,
  signInAudience: 'AzureADMultipleOrgs',
  scopes: ['User.Read', 'User.ReadBasic.All', 'openid', 'profile', 'email', 'offline_access'],
});
