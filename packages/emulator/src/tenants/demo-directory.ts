import type { EmulatorConfig } from './config-types.js';
import { GRAPH_APP_ID } from './graph.js';

// Every id below is made up for the demo; none belongs to a real tenant, application or person.

/** Ids, names and passwords of the built-in demo directory (documented in the package README). */
export const DEMO = Object.freeze({
  tenantA: Object.freeze({ id: '3f6d2a1e-8b4c-4e7a-9d2f-1c5b7a9e0d42', domain: 'contoso-demo.onmicrosoft.com', name: 'Contoso (demo)' }),
  tenantB: Object.freeze({ id: 'b8e4c7d1-2a9f-4c3e-8f6b-5d1a0e7c9b23', domain: 'fabrikam-demo.onmicrosoft.com', name: 'Fabrikam (demo)' }),
  ordersApi: Object.freeze({
    appId: '7c2e9f4a-1b3d-4a6e-8c5f-2d9b0a7e4f16',
    identifierUri: 'api://7c2e9f4a-1b3d-4a6e-8c5f-2d9b0a7e4f16',
    servicePrincipalIdA: '6a0c4e8f-2b7d-4d9a-9e3c-1f8b4a6d2c77',
    servicePrincipalIdB: '8c2e6a0b-4d9f-4fbc-8a5e-3b0d6c8f4e99',
    secret: 'orders-api-demo-secret',
    scopes: ['Orders.Read', 'Orders.Write'] as const,
    appPermissions: ['Orders.Read.All', 'Orders.ReadWrite.All'] as const,
    userRoles: ['Orders.Admin'] as const,
  }),
  reportsApi: Object.freeze({
    appId: '5b9d3f7e-0a2c-4e6b-8d1f-3a7c9e5b2d84',
    identifierUri: 'api://reports.contoso-demo.example',
    scopes: ['Reports.Read'] as const,
  }),
  webClient: Object.freeze({
    appId: '4e8a1c6f-9d2b-4f7e-a3c5-8b0d6e2f1a97',
    secret: 'web-client-demo-secret',
    redirectUris: ['http://localhost:3000/auth/callback', 'http://127.0.0.1/auth/callback'] as const,
  }),
  spa: Object.freeze({ appId: '9a3f7e2c-5b1d-4c8a-b6e4-0f2d8c1a5e73', redirectUris: ['http://localhost:5173/', 'http://127.0.0.1/spa/'] as const }),
  daemon: Object.freeze({ appId: '2d7b5e9a-6c4f-4a1e-9b3d-7e0c2f8a6d51', servicePrincipalId: '7b1d5f9a-3c8e-4ea0-8f4d-2a9c5b7e3d88', secret: 'daemon-demo-secret' }),
  syncDaemon: Object.freeze({ appId: '6e0a4c8b-2f7d-4b1e-8c9a-4d2f6b0e8a13', secret: 'sync-daemon-demo-secret' }),
  cli: Object.freeze({ appId: '8f1e6d4b-3c7a-4b9e-a2d5-6c0f8e1b3a59' }),
  groups: Object.freeze({ orderManagers: '4e8a2c6d-0f5b-4b7e-9c1a-9d6f2e4b0a55', allStaff: '5f9b3d7e-1a6c-4c8f-8d2b-0e7a3f5c1b66' }),
  users: Object.freeze({
    alice: Object.freeze({ oid: '0a4c8e2f-6b1d-4d3a-9e7c-5f2b8a0d6c11', upn: 'alice@contoso-demo.onmicrosoft.com', password: 'alice-demo-pass', name: 'Alice Admin' }),
    bob: Object.freeze({ oid: '1b5d9f3a-7c2e-4e4b-8f8d-6a3c9b1e7d22', upn: 'bob@contoso-demo.onmicrosoft.com', password: 'bob-demo-pass', name: 'Bob Buyer' }),
    erin: Object.freeze({ oid: '2c6e0a4b-8d3f-4f5c-9a9e-7b4d0c2f8e33', upn: 'erin@fabrikam-demo.onmicrosoft.com', password: 'erin-demo-pass', name: 'Erin External' }),
    erinGuest: Object.freeze({
      oid: '3d7f1b5c-9e4a-4a6d-8b0f-8c5e1d3a9f44',
      upn: 'erin_fabrikam-demo.onmicrosoft.com#EXT#@contoso-demo.onmicrosoft.com',
      signInName: 'erin@fabrikam-demo.onmicrosoft.com',
      password: 'erin-demo-pass',
      name: 'Erin External (guest)',
    }),
  }),
});

const A = DEMO.tenantA.id;
const B = DEMO.tenantB.id;
const ORDERS = DEMO.ordersApi.appId;
const REPORTS = DEMO.reportsApi.appId;
const DELEGATED_USER = { [ORDERS]: ['Orders.Read', 'Orders.Write'], [GRAPH_APP_ID]: ['User.Read', 'openid', 'profile', 'email', 'offline_access'] };

/**
 * The built-in demo directory: two tenants, the Orders API (v2 tokens, multi-tenant), a v1
 * Reports API for on-behalf-of, a confidential web client, a SPA, two daemons, a public CLI
 * client, and users with known passwords. Returns a fresh object each call so tests may extend it.
 */
export function demoConfig(): EmulatorConfig {
  const u = DEMO.users;
  return {
    tenants: [
      {
        id: A,
        displayName: DEMO.tenantA.name,
        domains: [DEMO.tenantA.domain],
        groups: [
          { id: DEMO.groups.orderManagers, displayName: 'Order Managers' },
          { id: DEMO.groups.allStaff, displayName: 'All Staff' },
        ],
        users: [
          { oid: u.alice.oid, upn: u.alice.upn, name: u.alice.name, givenName: 'Alice', familyName: 'Admin', email: u.alice.upn, password: u.alice.password, groups: [DEMO.groups.orderManagers, DEMO.groups.allStaff], appRoles: { [ORDERS]: ['Orders.Admin'] } },
          { oid: u.bob.oid, upn: u.bob.upn, name: u.bob.name, givenName: 'Bob', familyName: 'Buyer', email: u.bob.upn, password: u.bob.password, groups: [DEMO.groups.allStaff] },
          { oid: u.erinGuest.oid, upn: u.erinGuest.upn, signInName: u.erinGuest.signInName, name: u.erinGuest.name, email: u.erinGuest.signInName, password: u.erinGuest.password, homeTenantId: B },
        ],
        applications: [
          {
            appId: ORDERS,
            displayName: 'Orders API',
            servicePrincipalId: DEMO.ordersApi.servicePrincipalIdA,
            identifierUris: [DEMO.ordersApi.identifierUri],
            accessTokenAcceptedVersion: 2,
            signInAudience: 'AzureADMultipleOrgs',
            scopes: ['Orders.Read', 'Orders.Write'],
            appRoles: [
              { value: 'Orders.Read.All', allowedMemberTypes: ['Application'], displayName: 'Read all orders' },
              { value: 'Orders.ReadWrite.All', allowedMemberTypes: ['Application'], displayName: 'Read and write all orders' },
              { value: 'Orders.Admin', allowedMemberTypes: ['User'], displayName: 'Orders administrator' },
            ],
            groupMembershipClaims: 'SecurityGroup',
            optionalClaims: { accessToken: ['idtyp', 'acct'] },
            secrets: [{ value: DEMO.ordersApi.secret }],
            grants: { delegated: { [REPORTS]: ['Reports.Read'], [GRAPH_APP_ID]: ['User.Read'] } },
          },
          {
            appId: REPORTS,
            displayName: 'Reports API (v1 tokens)',
            identifierUris: [DEMO.reportsApi.identifierUri],
            accessTokenAcceptedVersion: null,
            scopes: ['Reports.Read'],
          },
          {
            appId: DEMO.webClient.appId,
            displayName: 'Orders Web',
            signInAudience: 'AzureADMultipleOrgs',
            secrets: [{ value: DEMO.webClient.secret }],
            redirectUris: { web: [...DEMO.webClient.redirectUris] },
            grants: { delegated: { ...DELEGATED_USER, [REPORTS]: ['Reports.Read'] } },
          },
          {
            appId: DEMO.spa.appId,
            displayName: 'Orders SPA',
            signInAudience: 'AzureADMultipleOrgs',
            redirectUris: { spa: [...DEMO.spa.redirectUris] },
            grants: { delegated: DELEGATED_USER },
          },
          {
            appId: DEMO.daemon.appId,
            displayName: 'Orders Reporter (daemon)',
            servicePrincipalId: DEMO.daemon.servicePrincipalId,
            secrets: [{ value: DEMO.daemon.secret }],
            grants: { appRoles: { [ORDERS]: ['Orders.Read.All'] } },
          },
          {
            appId: DEMO.syncDaemon.appId,
            displayName: 'Orders Sync (daemon)',
            secrets: [{ value: DEMO.syncDaemon.secret }],
            grants: { appRoles: { [ORDERS]: ['Orders.Read.All', 'Orders.ReadWrite.All'] } },
          },
          {
            appId: DEMO.cli.appId,
            displayName: 'Orders CLI',
            isPublicClient: true,
            redirectUris: { publicClient: ['http://localhost'] },
            grants: { delegated: DELEGATED_USER },
          },
        ],
      },
      {
        id: B,
        displayName: DEMO.tenantB.name,
        domains: [DEMO.tenantB.domain],
        users: [{ oid: u.erin.oid, upn: u.erin.upn, name: u.erin.name, givenName: 'Erin', familyName: 'External', email: u.erin.upn, password: u.erin.password }],
        servicePrincipals: [
          { appId: ORDERS, objectId: DEMO.ordersApi.servicePrincipalIdB },
          { appId: DEMO.webClient.appId, grants: { delegated: DELEGATED_USER } },
          { appId: DEMO.spa.appId, grants: { delegated: DELEGATED_USER } },
        ],
      },
    ],
  };
}
