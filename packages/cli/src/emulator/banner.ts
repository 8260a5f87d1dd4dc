import type { ApplicationConfig, Emulator, EmulatorConfig, TenantConfig, UserConfig } from '@entra-guard/emulator';

/** What the banner shows of a running emulator. */
export type BannerEmulator = Pick<Emulator, 'origin' | 'mode' | 'caPath' | 'caFingerprint' | 'dataDir' | 'config' | 'issuer' | 'authority'>;

export interface BannerOptions {
  /** `demo` for the built-in directory (short names work in `entra-guard token`), else the `--config` file. */
  readonly directory: string;
  /** `--emulator`/`--ca` flags the printed `entra-guard token` lines need (empty when the defaults fit). */
  readonly tokenFlags: readonly string[];
}

/** The line the banner starts with; scripts may wait for it. */
export const READY_PREFIX = 'entra-guard emulator ready at ';

/** A shell word: bare when it is safe, else single-quoted. */
export function shellArg(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

const jsString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;

/** Rows as aligned columns (two spaces apart), each line indented. */
function table(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd());
}

const tenantName = (t: TenantConfig): string => t.displayName ?? t.domains[0] ?? t.id;

/** The first secret that has not expired: what a client would use. */
function usableSecret(app: ApplicationConfig, now: number): string | undefined {
  return app.secrets?.find((s) => s.expires === undefined || s.expires === null || Date.parse(s.expires) > now)?.value;
}

/** Every application of the directory by id, with its home tenant. */
function applicationIndex(config: EmulatorConfig): Map<string, { readonly app: ApplicationConfig; readonly tenant: TenantConfig }> {
  const index = new Map<string, { readonly app: ApplicationConfig; readonly tenant: TenantConfig }>();
  for (const tenant of config.tenants) for (const app of tenant.applications ?? []) index.set(app.appId, { app, tenant });
  return index;
}

function appDetails(app: ApplicationConfig, nameOf: (appId: string) => string): string {
  const details: string[] = [];
  if (app.identifierUris?.[0] !== undefined) details.push(app.identifierUris[0]);
  if ((app.scopes ?? []).length > 0) details.push(`scopes ${app.scopes?.join(' ')}`);
  for (const [resource, roles] of Object.entries(app.grants?.appRoles ?? {})) {
    if (roles.length > 0) details.push(`app permissions ${roles.join(' ')} on ${nameOf(resource)}`);
  }
  if (app.isPublicClient === true) details.push('public client');
  else if ((app.redirectUris?.spa ?? []).length > 0 && (app.secrets ?? []).length === 0) details.push('single-page app');
  return details.join('; ');
}

function userDetails(user: UserConfig, config: EmulatorConfig, nameOf: (appId: string) => string): string {
  const details: string[] = [];
  if (user.homeTenantId !== undefined) {
    const home = config.tenants.find((t) => t.id === user.homeTenantId);
    details.push(`guest from ${home === undefined ? user.homeTenantId : tenantName(home)}`);
  }
  for (const [resource, roles] of Object.entries(user.appRoles ?? {})) {
    if (roles.length > 0) details.push(`roles ${roles.join(' ')} on ${nameOf(resource)}`);
  }
  return details.join('; ');
}

function tenantSection(emu: BannerEmulator, tenant: TenantConfig, nameOf: (appId: string) => string, now: number): string[] {
  const lines = [`${tenantName(tenant)}: tenant ${tenant.id}${tenant.domains.length > 0 ? `, ${tenant.domains.join(', ')}` : ''}`];
  lines.push(`  authority  ${emu.origin}/${tenant.id}/v2.0`);
  if (emu.mode !== 'self') lines.push(`  issuer     ${emu.issuer(tenant.id)}`);
  const apps = tenant.applications ?? [];
  if (apps.length > 0) {
    lines.push('  applications');
    lines.push(...table([['name', 'client id', 'secret', ''], ...apps.map((a) => [a.displayName, a.appId, usableSecret(a, now) ?? '-', appDetails(a, nameOf)])], '    '));
  }
  const users = tenant.users ?? [];
  if (users.length > 0) {
    lines.push('  users');
    lines.push(
      ...table([['name', 'sign-in name', 'password', 'object id', ''], ...users.map((u) => [u.name, u.signInName ?? u.upn, u.password, u.oid, userDetails(u, emu.config, nameOf)])], '    '),
    );
  }
  const foreign = tenant.servicePrincipals ?? [];
  if (foreign.length > 0) lines.push(`  consented applications of other tenants: ${foreign.map((sp) => nameOf(sp.appId)).join(', ')}`);
  return lines;
}

/** The first application with a secret and application permissions: the daemon of the snippets. */
function findDaemon(config: EmulatorConfig, now: number): { readonly tenant: TenantConfig; readonly app: ApplicationConfig; readonly secret: string; readonly resource: string } | undefined {
  const index = applicationIndex(config);
  for (const tenant of config.tenants) {
    for (const app of tenant.applications ?? []) {
      const secret = usableSecret(app, now);
      const resourceId = Object.entries(app.grants?.appRoles ?? {}).find(([, roles]) => roles.length > 0)?.[0];
      if (secret === undefined || resourceId === undefined) continue;
      const resource = index.get(resourceId)?.app;
      return { tenant, app, secret, resource: resource?.identifierUris?.[0] ?? resourceId };
    }
  }
  return undefined;
}

/** The `entra-guard token` lines: short demo names for the built-in directory, ids otherwise. */
function tokenLines(emu: BannerEmulator, options: BannerOptions, daemon: ReturnType<typeof findDaemon>): string[] {
  const command = (args: readonly string[]): string => `TOKEN=$(npx entra-guard token ${[...args, ...options.tokenFlags].map(shellArg).join(' ')})`;
  if (options.directory === 'demo') {
    return ['# An access token for curl: delegated (alice, scope Orders.Read), or app-only (the daemon, its app permissions):', command(['--user', 'alice']), command(['--app', 'daemon'])];
  }
  const lines: string[] = [];
  const resourceTenant = emu.config.tenants.find((t) => (t.applications ?? []).some((a) => (a.identifierUris ?? []).length > 0));
  const resource = resourceTenant?.applications?.find((a) => (a.identifierUris ?? []).length > 0);
  const user = resourceTenant?.users?.find((u) => u.homeTenantId === undefined);
  if (resourceTenant !== undefined && resource !== undefined && user !== undefined) {
    lines.push(command(['--tenant', resourceTenant.id, '--user', user.upn, '--audience', resource.appId]));
  }
  if (daemon !== undefined) lines.push(command(['--tenant', daemon.tenant.id, '--app', daemon.app.appId, '--audience', daemon.resource]));
  return lines.length > 0 ? ['# An access token for curl:', ...lines] : [];
}

function snippets(emu: BannerEmulator, options: BannerOptions, now: number): string[] {
  const lines = ['# Trust the emulator CA in Node.js (MSAL, @azure/identity, fetch, entra-guard verify):', `export NODE_EXTRA_CA_CERTS=${shellArg(emu.caPath)}`];
  const daemon = findDaemon(emu.config, now);
  if (daemon !== undefined) {
    const scope = `${daemon.resource}/.default`;
    lines.push(
      '',
      `// MSAL Node, client credentials as ${daemon.app.displayName}:`,
      "import { ConfidentialClientApplication } from '@azure/msal-node';",
      'const cca = new ConfidentialClientApplication({',
      '  auth: {',
      `    clientId: ${jsString(daemon.app.appId)},`,
      `    clientSecret: ${jsString(daemon.secret)},`,
      `    authority: ${jsString(emu.authority(daemon.tenant.id))},`,
      `    knownAuthorities: [${jsString(new URL(emu.origin).host)}],`,
      '  },',
      '});',
      `const result = await cca.acquireTokenByClientCredential({ scopes: [${jsString(scope)}] });`,
      'console.log(result?.accessToken);',
      '',
      '# The same with curl, from the token endpoint:',
      [
        'curl',
        '--cacert',
        shellArg(emu.caPath),
        `${emu.origin}/${daemon.tenant.id}/oauth2/v2.0/token`,
        '-d grant_type=client_credentials',
        `-d client_id=${daemon.app.appId}`,
        `--data-urlencode ${shellArg(`client_secret=${daemon.secret}`)}`,
        `--data-urlencode ${shellArg(`scope=${scope}`)}`,
      ].join(' '),
    );
  }
  const tokens = tokenLines(emu, options, daemon);
  if (tokens.length > 0) lines.push('', ...tokens);
  return lines;
}

/** What `entra-guard emulator` prints once it listens. */
export function formatBanner(emu: BannerEmulator, options: BannerOptions, now: number = Date.now()): string {
  const index = applicationIndex(emu.config);
  const nameOf = (appId: string): string => index.get(appId)?.app.displayName ?? appId;
  const directory = options.directory === 'demo' ? 'the built-in demo directory (made-up ids, names and passwords)' : options.directory;
  const lines = [
    `${READY_PREFIX}${emu.origin}`,
    `  mode ${emu.mode}; directory ${directory}`,
    `  data ${emu.dataDir}`,
    '',
    'CA certificate (what clients must trust)',
    `  path     ${emu.caPath}`,
    `  SHA-256  ${emu.caFingerprint}`,
  ];
  for (const tenant of emu.config.tenants) lines.push('', ...tenantSection(emu, tenant, nameOf, now));
  lines.push('', 'Ready to paste', '', ...snippets(emu, options, now), '', 'Stop with Ctrl+C.');
  return `${lines.join('\n')}\n`;
}
