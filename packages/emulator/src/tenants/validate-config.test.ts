import { describe, expect, it } from 'vitest';
import type { EmulatorConfig } from './config-types.js';
import { DEMO, demoConfig } from './demo-directory.js';
import { ConfigError, validateConfig } from './validate-config.js';

function problems(input: unknown): readonly string[] {
  try {
    validateConfig(input);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

function demoWith(change: (c: { tenants: Record<string, unknown>[] }) => void): unknown {
  const copy = JSON.parse(JSON.stringify(demoConfig())) as { tenants: Record<string, unknown>[] };
  change(copy);
  return copy;
}

describe('validateConfig', () => {
  it('accepts the demo directory', () => {
    expect(problems(demoConfig())).toEqual([]);
  });

  it('reports shape problems with their path, all at once', () => {
    const found = problems({ tenants: [{ id: 'ABC', domains: [], users: [{ oid: DEMO.users.alice.oid, upn: 'a', name: 'A' }], applications: [{ appId: DEMO.cli.appId, displayName: 'x', redirectUris: { web: ['not a url'] }, secret: [] }] }] });
    expect(found).toEqual(
      expect.arrayContaining([
        'config.tenants[0].id: must be a lower-case GUID',
        'config.tenants[0].domains: must list at least one domain',
        'config.tenants[0].users[0].password: must be a non-empty string',
        'config.tenants[0].applications[0].secret: is not a known member',
        'config.tenants[0].applications[0].redirectUris.web[0]: must be an absolute URL',
      ]),
    );
  });

  it('reports dangling references', () => {
    const found = problems(
      demoWith((c) => {
        const [a, b] = c.tenants as [Record<string, unknown> & { users: Record<string, unknown>[]; applications: Record<string, unknown>[] }, Record<string, unknown>];
        a.users[0] = { ...a.users[0], groups: ['00000000-0000-4000-8000-000000000001'], appRoles: { [DEMO.ordersApi.appId]: ['Orders.Read.All', 'Nope'] } };
        a.applications.push({ appId: '00000000-0000-4000-8000-000000000002', displayName: 'Bad grants', grants: { delegated: { [DEMO.ordersApi.appId]: ['Orders.Delete'] } } });
        b.servicePrincipals = [{ appId: DEMO.daemon.appId }];
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'config.tenants[0].users[0].groups: group 00000000-0000-4000-8000-000000000001 is not a group of this tenant',
        `config.tenants[0].users[0].appRoles.${DEMO.ordersApi.appId}: app role "Orders.Read.All" cannot be assigned to users`,
        `config.tenants[0].users[0].appRoles.${DEMO.ordersApi.appId}: application "Orders API" defines no app role "Nope"`,
        `config.tenants[0].applications[7].grants.delegated.${DEMO.ordersApi.appId}: application "Orders API" exposes no scope "Orders.Delete"`,
        'config.tenants[1].servicePrincipals[0].appId: application "Orders Reporter (daemon)" is single-tenant',
      ]),
    );
  });

  it('refuses duplicate ids and domains across tenants', () => {
    const config = demoConfig();
    const dup: EmulatorConfig = { tenants: [...config.tenants, { id: DEMO.tenantA.id, domains: [DEMO.tenantB.domain.toUpperCase()] }] };
    expect(problems(dup)).toEqual(expect.arrayContaining([`config.tenants: tenant id ${DEMO.tenantA.id} is used twice`, `config.tenants: domain ${DEMO.tenantB.domain} is used twice`]));
  });

  it('refuses a non-object and a certificate that is not PEM', () => {
    expect(problems(null)).toEqual(['config: must be an object']);
    expect(problems(demoWith((c) => ((c.tenants[0] as { applications: Record<string, unknown>[] }).applications[0]!.certificates = [{ pem: 'nope' }])))).toEqual([
      'config.tenants[0].applications[0].certificates[0].pem: is not a PEM certificate',
    ]);
  });
});
