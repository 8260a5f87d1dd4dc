import type { ApplicationConfig, EmulatorConfig, GrantsConfig } from './config-types.js';
import { GRAPH_APP_ID } from './graph.js';
import type { ShapeCheck } from './shape-check.js';

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

function checkRoleMap(
  c: ShapeCheck,
  map: Readonly<Record<string, readonly string[]>> | undefined,
  apps: ReadonlyMap<string, ApplicationConfig>,
  memberType: 'User' | 'Application',
  path: string,
): void {
  for (const [appId, roles] of Object.entries(map ?? {})) {
    const app = apps.get(appId);
    if (app === undefined) {
      c.fail(`${path}.${appId}`, 'names no application of the configuration');
      continue;
    }
    for (const role of roles) {
      const def = app.appRoles?.find((r) => r.value === role);
      if (def === undefined) c.fail(`${path}.${appId}`, `application "${app.displayName}" defines no app role "${role}"`);
      else if (!def.allowedMemberTypes.includes(memberType)) c.fail(`${path}.${appId}`, `app role "${role}" cannot be assigned to ${memberType === 'User' ? 'users' : 'applications'}`);
    }
  }
}

function checkGrants(c: ShapeCheck, grants: GrantsConfig | undefined, apps: ReadonlyMap<string, ApplicationConfig>, path: string): void {
  checkRoleMap(c, grants?.appRoles, apps, 'Application', `${path}.appRoles`);
  for (const [appId, scopes] of Object.entries(grants?.delegated ?? {})) {
    if (appId === GRAPH_APP_ID) continue; // Microsoft Graph's permission list is open-ended here
    const app = apps.get(appId);
    if (app === undefined) c.fail(`${path}.delegated.${appId}`, 'names no application of the configuration');
    else for (const s of scopes) if (!(app.scopes ?? []).includes(s)) c.fail(`${path}.delegated.${appId}`, `application "${app.displayName}" exposes no scope "${s}"`);
  }
}

/** Cross-reference checks; run only on a configuration whose shape is valid. */
export function checkReferences(c: ShapeCheck, config: EmulatorConfig): void {
  const tenants = config.tenants;
  for (const id of duplicates(tenants.map((t) => t.id))) c.fail('config.tenants', `tenant id ${id} is used twice`);
  for (const d of duplicates(tenants.flatMap((t) => t.domains.map((x) => x.toLowerCase())))) c.fail('config.tenants', `domain ${d} is used twice`);
  const allApps = tenants.flatMap((t) => t.applications ?? []);
  for (const id of duplicates(allApps.map((a) => a.appId))) c.fail('config.tenants', `application id ${id} is used twice`);
  for (const u of duplicates(allApps.flatMap((a) => a.identifierUris ?? []))) c.fail('config.tenants', `identifier URI ${u} is used twice`);
  const apps = new Map(allApps.map((a) => [a.appId, a]));

  tenants.forEach((t, ti) => {
    const path = `config.tenants[${ti}]`;
    const groups = new Set((t.groups ?? []).map((g) => g.id));
    for (const id of duplicates((t.users ?? []).map((u) => u.oid))) c.fail(`${path}.users`, `object id ${id} is used twice`);
    for (const n of duplicates((t.users ?? []).map((u) => (u.signInName ?? u.upn).toLowerCase()))) c.fail(`${path}.users`, `sign-in name ${n} is used twice`);
    (t.users ?? []).forEach((u, ui) => {
      const up = `${path}.users[${ui}]`;
      for (const g of u.groups ?? []) if (!groups.has(g)) c.fail(`${up}.groups`, `group ${g} is not a group of this tenant`);
      checkRoleMap(c, u.appRoles, apps, 'User', `${up}.appRoles`);
      if (u.homeTenantId === t.id) c.fail(`${up}.homeTenantId`, 'a guest must come from another tenant');
    });
    (t.groups ?? []).forEach((g, gi) => checkRoleMap(c, g.appRoles, apps, 'User', `${path}.groups[${gi}].appRoles`));
    (t.applications ?? []).forEach((a, ai) => checkGrants(c, a.grants, apps, `${path}.applications[${ai}].grants`));
    (t.servicePrincipals ?? []).forEach((sp, si) => {
      const spPath = `${path}.servicePrincipals[${si}]`;
      const app = apps.get(sp.appId);
      const home = tenants.find((x) => (x.applications ?? []).some((a) => a.appId === sp.appId));
      if (app === undefined) c.fail(`${spPath}.appId`, 'names no application of the configuration');
      else if (home?.id === t.id) c.fail(`${spPath}.appId`, 'the application is registered in this tenant already');
      else if ((app.signInAudience ?? 'AzureADMyOrg') === 'AzureADMyOrg') c.fail(`${spPath}.appId`, `application "${app.displayName}" is single-tenant`);
      checkGrants(c, sp.grants, apps, `${spPath}.grants`);
    });
  });
}
