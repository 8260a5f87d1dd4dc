import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO, demoConfig } from '@entra-guard/emulator';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliEmulator, startCliEmulator, tempDir, trustingFetch, type CliEmulator } from '../emulator.test-helper.js';
import { run } from '../fixtures.test-helper.js';

let cli: CliEmulator;
let banner: string;

beforeAll(async () => {
  cli = await startCliEmulator();
  banner = cli.stdout();
});

/** The banner line that starts with `prefix`. */
const lineStarting = (text: string, prefix: string): string | undefined => text.split('\n').find((l) => l.startsWith(prefix));

describe('entra-guard emulator', () => {
  it('prints the origin with the real port of --port 0, an authority per tenant and the CA', () => {
    const emu = cli.emulator;
    expect(emu.port).toBeGreaterThan(0);
    expect(emu.origin).toBe(`https://localhost:${emu.port}`);
    expect(banner.split('\n')[0]).toBe(`entra-guard emulator ready at https://localhost:${emu.port}`);
    for (const tenant of [DEMO.tenantA.id, DEMO.tenantB.id]) expect(banner).toContain(`  authority  https://localhost:${emu.port}/${tenant}/v2.0\n`);
    expect(banner).toContain(`  path     ${emu.caPath}\n`);
    expect(banner).toContain(`  SHA-256  ${emu.caFingerprint}\n`);
    expect(emu.caFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(cli.stderr()).toBe('');
  });

  it('lists the demo applications and users with their ids, sign-in names, secrets and passwords', () => {
    expect(banner).toMatch(new RegExp(`Orders API +${DEMO.ordersApi.appId} +${DEMO.ordersApi.secret} +${DEMO.ordersApi.identifierUri}`));
    expect(banner).toMatch(new RegExp(`Orders Reporter \\(daemon\\) +${DEMO.daemon.appId} +${DEMO.daemon.secret} +app permissions Orders.Read.All on Orders API`));
    for (const user of [DEMO.users.alice, DEMO.users.bob, DEMO.users.erin]) {
      expect(banner).toMatch(new RegExp(`${user.name} +${user.upn} +${user.password} +${user.oid}`));
    }
    expect(banner).toMatch(new RegExp(`${DEMO.users.erinGuest.name.replace(/[()]/g, '\\$&')} +${DEMO.users.erinGuest.signInName} +${DEMO.users.erinGuest.password} +${DEMO.users.erinGuest.oid} +guest from Fabrikam`));
  });

  it('prints ready-to-paste snippets: NODE_EXTRA_CA_CERTS, MSAL Node, curl and entra-guard token', () => {
    const emu = cli.emulator;
    expect(banner).toContain(`\nexport NODE_EXTRA_CA_CERTS=${emu.caPath}\n`);
    expect(banner).toContain(`    knownAuthorities: ['localhost:${emu.port}'],\n`);
    expect(banner).toContain(`    authority: '${emu.origin}/${DEMO.tenantA.id}',\n`);
    expect(banner).toContain(`    clientId: '${DEMO.daemon.appId}',\n    clientSecret: '${DEMO.daemon.secret}',\n`);
    expect(lineStarting(banner, 'curl ')).toContain(`${emu.origin}/${DEMO.tenantA.id}/oauth2/v2.0/token -d grant_type=client_credentials`);
    expect(lineStarting(banner, 'TOKEN=$(npx entra-guard token --user alice')).toBe(`TOKEN=$(npx entra-guard token --user alice --emulator ${emu.origin} --ca ${emu.caPath})`);
    expect(banner).toContain(`TOKEN=$(npx entra-guard token --app daemon --emulator ${emu.origin} --ca ${emu.caPath})\n`);
  });

  it('is reachable over HTTPS through a fetch that trusts the printed CA', async () => {
    const fetch = await trustingFetch(cli.emulator.caPath);
    const res = await fetch(`${cli.emulator.origin}/_emulator/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', origin: cli.emulator.origin, mode: 'self' });
  });

  it.skipIf(process.platform === 'win32')('answers the printed curl line with a client-credentials token', async () => {
    const curl = lineStarting(banner, 'curl ') ?? '';
    const { stdout } = await promisify(execFile)('sh', ['-c', `${curl} --silent --show-error --fail`]).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || /curl: (command )?not found/.test(String((err as { stderr?: string }).stderr))) return { stdout: 'skipped' };
      throw err;
    });
    if (stdout === 'skipped') return;
    const body = JSON.parse(stdout) as { token_type: string; access_token: string };
    expect(body.token_type).toBe('Bearer');
    expect(body.access_token.split('.')).toHaveLength(3);
  });

  it('stops cleanly with exit 0 when asked (SIGINT in a terminal)', async () => {
    const other = await startCliEmulator();
    const fetch = await trustingFetch(other.emulator.caPath);
    expect((await fetch(`${other.emulator.origin}/_emulator/health`)).status).toBe(200);
    expect(await other.stop()).toBe(0);
    expect(other.stderr()).toBe('emulator stopped\n');
    await expect(fetch(`${other.emulator.origin}/_emulator/health`)).rejects.toThrow();
  });

  it('serves a --config directory, printing its tenants, ids and token lines', async () => {
    const dir = await tempDir();
    const config = demoConfig();
    const file = join(dir, 'directory.json');
    await writeFile(file, JSON.stringify({ ...config, tenants: config.tenants.slice(0, 1) }));
    const custom = await startCliEmulator(['--config', file, '--mode', 'entra-issuer']);
    const text = custom.stdout();
    expect(text).toContain(`  mode entra-issuer; directory ${file}\n`);
    expect(text).toContain(`  issuer     https://login.microsoftonline.com/${DEMO.tenantA.id}/v2.0\n`);
    expect(text).not.toContain(`: tenant ${DEMO.tenantB.id}`);
    expect(text).toContain(`TOKEN=$(npx entra-guard token --tenant ${DEMO.tenantA.id} --user ${DEMO.users.alice.upn} --audience ${DEMO.ordersApi.appId}`);
    expect(text).toContain(`TOKEN=$(npx entra-guard token --tenant ${DEMO.tenantA.id} --app ${DEMO.daemon.appId} --audience ${DEMO.ordersApi.identifierUri}`);
    expect(await custom.stop()).toBe(0);
  });

  it('refuses a bad --config with exit 2 and every problem on its own line', async () => {
    const dir = await tempDir();
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ tenants: [{ id: 'not-a-guid', domains: ['x.example'], users: [{ oid: 'nope', upn: 'u@x.example', name: 'U' }] }] }));
    const r = await runCliEmulator(['--port', '0', '--data-dir', dir, '--config', file]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    const lines = ('code' in r ? r.stderr : '').trimEnd().split('\n');
    expect(lines[0]).toBe(`error: invalid emulator configuration in ${file}:`);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^ {2}config\.tenants\[0\]\.id: /), expect.stringMatching(/^ {2}config\.tenants\[0\]\.users\[0\]\.oid: /)]));
    expect(lines.find((l) => /users\[0\]\.password/.test(l))).toBeDefined();
    expect(lines.length).toBeGreaterThanOrEqual(4);
  });

  it('refuses an unreadable or non-JSON --config with exit 2', async () => {
    const dir = await tempDir();
    const missing = await runCliEmulator(['--port', '0', '--data-dir', dir, '--config', join(dir, 'missing.json')]);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: cannot read --config .*missing\.json: ENOENT/) });
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ "tenants": [');
    expect(await runCliEmulator(['--port', '0', '--data-dir', dir, '--config', file])).toMatchObject({ code: 2, stderr: expect.stringMatching(/is not JSON/) });
  });

  it('exits 1 when the port is taken', async () => {
    const r = await runCliEmulator(['--port', String(cli.emulator.port), '--data-dir', cli.emulator.dataDir]);
    expect(r).toMatchObject({ code: 1, stderr: expect.stringMatching(new RegExp(`^error: port ${cli.emulator.port} on 127\\.0\\.0\\.1 is already in use`)) });
  });

  it('exits 2 for bad flags', async () => {
    for (const args of [['--port', '70000'], ['--port', 'abc'], ['--port', '-1'], ['--mode', 'impersonate'], ['--host', '0.0.0.0'], ['--bogus']]) {
      const r = await run(['emulator', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/error: /);
    }
  });

  it('documents its flags in --help', async () => {
    const r = await run(['emulator', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--port', '--host', '--config', '--data-dir', '--mode', 'default: 8443', 'SIGINT']) expect(r.stdout).toContain(flag);
    expect((await run(['--help'])).stdout).toMatch(/emulator \[options\][\s\S]*token \[options\]/);
  });
});
