import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import type { EntraGuard } from '@entra-guard/core';
import { DEMO } from '@entra-guard/emulator';
import { beforeAll, describe, expect, it } from 'vitest';
import { mintOptionsFromFlags } from '../emulator/request-token.js';
import { toJson } from '../to-json.js';
import { claimsOf, ordersApiGuard, startCliEmulator, tempDir, type CliEmulator } from '../emulator.test-helper.js';
import { run, type RunResult } from '../fixtures.test-helper.js';

let cli: CliEmulator;
let guard: EntraGuard;
let connection: string[];

/** A principal as `verify` prints it (sets become arrays). */
async function principalOf(g: EntraGuard, jwt: string): Promise<Record<string, unknown>> {
  return JSON.parse(toJson(await g.validateToken(jwt))) as Record<string, unknown>;
}

beforeAll(async () => {
  cli = await startCliEmulator();
  guard = await ordersApiGuard(cli.emulator);
  connection = ['--emulator', cli.emulator.origin, '--ca', cli.emulator.caPath];
});

/** Runs `entra-guard token …` against the test emulator; expects exit 0 and only the token on stdout. */
async function token(...args: string[]): Promise<string> {
  const r = await run(['token', ...args, ...connection]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  return r.stdout.trimEnd();
}

async function usage(...args: string[]): Promise<RunResult> {
  const r = await run(['token', ...args, ...connection]);
  expect(r.code, args.join(' ')).toBe(2);
  expect(r.stdout).toBe('');
  return r;
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('entra-guard token', () => {
  it('--user alice: a delegated Orders API token with Orders.Read that core accepts', async () => {
    const principal = await principalOf(guard, await token('--user', 'alice'));
    expect(principal).toMatchObject({
      kind: 'user',
      tenantId: DEMO.tenantA.id,
      objectId: DEMO.users.alice.oid,
      audience: DEMO.ordersApi.appId,
      scopes: ['Orders.Read'],
      roles: ['Orders.Admin'],
      tokenVersion: '2.0',
      issuer: `${cli.emulator.origin}/${DEMO.tenantA.id}/v2.0`,
    });
  });

  it('--app daemon: an app-only token with the app permissions granted to the daemon', async () => {
    const app = await token('--app', 'daemon');
    const principal = await principalOf(guard, app);
    expect(principal).toMatchObject({ kind: 'app', clientId: DEMO.daemon.appId, objectId: DEMO.daemon.servicePrincipalId, roles: ['Orders.Read.All'] });
    expect(claimsOf(app)).not.toHaveProperty('scp');
    const sync = await principalOf(guard, await token('--app', 'sync-daemon'));
    expect(sync).toMatchObject({ kind: 'app', clientId: DEMO.syncDaemon.appId, roles: ['Orders.Read.All', 'Orders.ReadWrite.All'] });
    expect(claimsOf(await token('--app', DEMO.daemon.appId))).toMatchObject({ azp: DEMO.daemon.appId, idtyp: 'app' });
  });

  it('without --user or --app: a delegated token for the first user; bob and ids work too', async () => {
    expect(claimsOf(await token())).toMatchObject({ oid: DEMO.users.alice.oid, scp: 'Orders.Read' });
    expect(claimsOf(await token('--user', 'bob'))).toMatchObject({ oid: DEMO.users.bob.oid });
    expect(claimsOf(await token('--user', DEMO.users.bob.oid))).toMatchObject({ oid: DEMO.users.bob.oid });
    expect(claimsOf(await token('--user', DEMO.users.alice.upn))).toMatchObject({ oid: DEMO.users.alice.oid });
  });

  it('--user erin: a token of her home tenant; --tenant makes it her guest token in tenant A', async () => {
    const multi = await ordersApiGuard(cli.emulator, { mode: 'multi', allowedTenants: [DEMO.tenantA.id, DEMO.tenantB.id] });
    expect(await multi.validateToken(await token('--user', 'erin'))).toMatchObject({ kind: 'user', tenantId: DEMO.tenantB.id, objectId: DEMO.users.erin.oid });
    expect(await guard.validateToken(await token('--user', 'erin', '--tenant', DEMO.tenantA.domain))).toMatchObject({ tenantId: DEMO.tenantA.id, objectId: DEMO.users.erinGuest.oid, isGuest: true });
  });

  it('--scope, --role, --lifetime, --version, --claim and --app with --user shape the token', async () => {
    const shaped = claimsOf(
      await token('--user', 'bob', '--app', DEMO.spa.appId, '--scope', 'Orders.Read', '--scope', 'Orders.Write', '--role', 'Orders.Admin', '--lifetime', '600', '--claim', 'acrs=["c1"]', '--claim', 'xms_cc=cp1', '--claim', 'idtyp=null'),
    );
    expect(shaped).toMatchObject({ azp: DEMO.spa.appId, scp: 'Orders.Read Orders.Write', roles: ['Orders.Admin'], acrs: ['c1'], xms_cc: 'cp1' });
    expect(shaped).not.toHaveProperty('idtyp');
    expect(Number(shaped['exp']) - Number(shaped['iat'])).toBe(600 + 300);
    const v1 = claimsOf(await token('--user', 'alice', '--version', '1'));
    expect(v1).toMatchObject({ ver: '1.0', iss: `https://sts.windows.net/${DEMO.tenantA.id}/` });
  });

  it('exits 1 with the emulator error_description when it refuses the request', async () => {
    const r = await run(['token', '--user', 'nobody@contoso-demo.onmicrosoft.com', ...connection]);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `error: the emulator refused the token request (HTTP 400): no user nobody@contoso-demo.onmicrosoft.com in tenant ${DEMO.tenantA.id}\n` });
    const app = await run(['token', '--app', 'not-an-app', ...connection]);
    expect(app).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/no application not-an-app/) });
  });

  it('exits 1 when the emulator is unreachable, the CA is missing or is not the emulator CA', async () => {
    const port = await closedPort();
    const down = await run(['token', '--emulator', `https://localhost:${port}`, '--ca', cli.emulator.caPath]);
    expect(down).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(new RegExp(`^error: cannot reach the emulator at https://localhost:${port}: .*ECONNREFUSED.*entra-guard emulator\\n$`)) });
    const dir = await tempDir();
    const missing = await run(['token', '--emulator', cli.emulator.origin, '--ca', join(dir, 'ca.pem')]);
    expect(missing).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/^error: cannot read the emulator CA .*ca\.pem: ENOENT/) });
    const otherCa = join(dir, 'other-ca.pem');
    await writeFile(otherCa, rootCertificates[0] ?? '');
    const wrong = await run(['token', '--emulator', cli.emulator.origin, '--ca', otherCa]);
    expect(wrong).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/^error: cannot reach the emulator.*certificate.*is --ca the CA of this emulator/) });
  });

  it('exits 2 for bad flags', async () => {
    expect((await usage('--version', '3')).stderr).toMatch(/--version/);
    expect((await usage('--lifetime', '0')).stderr).toMatch(/--lifetime/);
    expect((await usage('--lifetime', '1.5')).stderr).toMatch(/--lifetime/);
    expect((await usage('--claim', 'acrs')).stderr).toMatch(/name=value/);
    expect((await usage('--claim', '=1')).stderr).toMatch(/name=value/);
    expect((await usage('--app', 'daemon', '--scope', 'Orders.Read')).stderr).toMatch(/--scope is for delegated tokens/);
    expect((await usage('--unknown')).stderr).toMatch(/unknown option/);
    expect((await usage('extra-argument')).stderr).toMatch(/too many arguments/);
    expect((await run(['token', '--emulator', 'localhost 8443'])).code).toBe(2);
    expect((await run(['token', '--emulator', 'ftp://localhost:8443'])).stderr).toMatch(/--emulator must be an https:\/\/ URL/);
  });

  it('maps flags to mint options: demo names, defaults per kind', () => {
    expect(mintOptionsFromFlags({ emulator: 'x', user: 'Alice' })).toEqual({ kind: 'access', audience: DEMO.ordersApi.appId, tenant: DEMO.tenantA.id, user: DEMO.users.alice.upn, scopes: ['Orders.Read'] });
    expect(mintOptionsFromFlags({ emulator: 'x', app: 'daemon' })).toEqual({ kind: 'app', audience: DEMO.ordersApi.appId, client: DEMO.daemon.appId });
    expect(mintOptionsFromFlags({ emulator: 'x', user: 'erin', tenant: 'other' })).toMatchObject({ tenant: 'other', user: DEMO.users.erin.upn });
    expect(mintOptionsFromFlags({ emulator: 'x', audience: 'api://other' })).toEqual({ kind: 'access', audience: 'api://other' });
  });

  it('documents its flags in --help', async () => {
    const r = await run(['token', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--emulator', '--ca', '--user', '--app', '--scope', '--role', '--tenant', '--version', '--lifetime', '--claim', 'https://localhost:8443', '.entra-guard/emulator/ca.pem']) {
      expect(r.stdout).toContain(flag);
    }
  });
});
