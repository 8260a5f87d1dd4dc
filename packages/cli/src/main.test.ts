import { describe, expect, it } from 'vitest';
import { fixture, run } from './fixtures.test-helper.js';

const f = fixture('059');
const base = ['verify', f.token, '--client-id', f.aud, '--jwks', f.file];

async function usage(argv: readonly string[], stdin?: string): Promise<string> {
  const r = await run(argv, stdin);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  return r.stderr;
}

describe('usage errors exit 2 with a message on stderr', () => {
  it('needs exactly one tenancy flag', async () => {
    expect(await usage(base)).toMatch(/exactly one of --tenant/);
    expect(await usage([...base, '--tenant', f.tid, '--any-tenant'])).toMatch(/--tenant and --any-tenant cannot be combined/);
    expect(await usage([...base, '--tenant', f.tid, '--allowed-tenant', f.tid])).toMatch(/cannot be combined/);
    expect(await usage([...base, '--tenant', f.tid, '--tenant', f.tid])).toMatch(/--tenant may be given once/);
  });

  it('refuses an --at that is not a positive number', async () => {
    for (const at of ['0', '-5', 'soon', '', '1e400']) {
      expect(await usage([...base, '--tenant', f.tid, `--at=${at}`])).toMatch(/--at/);
    }
  });

  it("reports invalid option values with core's TypeError message, naming the flag", async () => {
    expect(await usage([...base, '--tenant', 'common'])).toMatch(/invalid --tenant: "tenancy\.tenantId" must be the tenant GUID/);
    expect(await usage([...base, '--tenant', f.tid, '--clock-skew', 'abc'])).toMatch(/invalid --clock-skew: "clockSkewSeconds"/);
    expect(await usage([...base, '--tenant', f.tid, '--max-lifetime', '0'])).toMatch(/invalid --max-lifetime/);
    expect(await usage([...base, '--tenant', f.tid, '--accept-version', '3.0'])).toMatch(/invalid --accept-version/);
    expect(await usage([...base, '--tenant', f.tid, '--authority-host', 'http://login.example'])).toMatch(/must use https/);
  });

  it('reports missing flags, bad key files, empty tokens and unknown commands', async () => {
    expect(await usage(['verify', f.token, '--tenant', f.tid])).toMatch(/--client-id/);
    expect(await usage([...base, '--tenant', f.tid, '--jwks', '/nonexistent/keys.json'])).toMatch(/cannot read --jwks/);
    expect(await usage(['verify', '-', '--client-id', f.aud, '--tenant', f.tid, '--jwks', f.file], ' \n')).toMatch(/no token on stdin/);
    expect(await usage(['verify', '', '--client-id', f.aud, '--tenant', f.tid, '--jwks', f.file])).toMatch(/empty/);
    expect(await usage(['verfy'])).toMatch(/unknown command/);
    expect(await usage([])).toMatch(/Usage: entra-guard/);
  });
});

describe('help and version', () => {
  it('prints help on stdout and exits 0', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/verify \[options\] <token>/);
    expect(top.stdout).toMatch(/explain \[options\] <token>/);
    const verify = await run(['verify', '--help']);
    expect(verify.code).toBe(0);
    for (const flag of ['--client-id', '--audience', '--tenant', '--allowed-tenant', '--any-tenant', '--jwks', '--authority-host', '--at']) {
      expect(verify.stdout).toContain(flag);
    }
    expect((await run(['explain', '--help'])).stdout).toContain('--json');
  });

  it('prints the version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});
