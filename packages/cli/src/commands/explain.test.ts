import { describe, expect, it } from 'vitest';
import { fixture, flagsFor, run } from '../fixtures.test-helper.js';

const v2Access = fixture('059');
const CHECK_LINE = /^ {2}([✔✘·]) (\S+)/;

function checks(stdout: string): { mark: string; name: string }[] {
  return stdout.split('\n').flatMap((line) => {
    const m = CHECK_LINE.exec(line);
    return m ? [{ mark: m[1] ?? '', name: m[2] ?? '' }] : [];
  });
}

const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';

describe('entra-guard explain', () => {
  it('lists the 11 checks, marks the failing one with reason and hint, and ends with invalid: CODE', async () => {
    const r = await run(['explain', v2Access.token, ...flagsFor(v2Access), '--audience', 'api://another-api']);
    expect(r.code).toBe(1);
    const list = checks(r.stdout);
    expect(list).toHaveLength(11);
    expect(list.filter((c) => c.mark === '✘')).toEqual([{ mark: '✘', name: 'audience' }]);
    expect(list.slice(0, 8).every((c) => c.mark === '✔')).toBe(true);
    expect(list.slice(9).every((c) => c.mark === '·')).toBe(true);
    expect(r.stdout).toMatch(/^ +reason: /m);
    expect(r.stdout).toMatch(/^ +hint: .*pass --audience /m);
    expect(r.stdout).toContain('unverified');
    expect(lastLine(r.stdout)).toBe('invalid: EG_AUDIENCE_INVALID');
  });

  it('shows every check passing for a valid token and ends with valid', async () => {
    const r = await run(['explain', v2Access.token, ...flagsFor(v2Access)]);
    expect(r.code).toBe(0);
    const list = checks(r.stdout);
    expect(list).toHaveLength(11);
    expect(list.every((c) => c.mark === '✔')).toBe(true);
    expect(lastLine(r.stdout)).toBe('valid');
    // The unverified section shows identifiers only: no personal claims of the fixture.
    const claims = JSON.parse(Buffer.from(v2Access.token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const name of ['name', 'preferred_username', 'upn', 'email', 'unique_name', 'oid', 'sub']) {
      const value = claims[name];
      if (typeof value === 'string') expect(r.stdout.includes(value), name).toBe(false);
    }
  });

  it('marks the header check failed for an alg "none" token', async () => {
    const none = fixture('negative/neg-03-v1-id-alg-none-msdocs-obo-2017-04-28.json');
    const r = await run(['explain', none.token, ...flagsFor(none)]);
    expect(r.code).toBe(1);
    expect(checks(r.stdout).map((c) => c.mark).join('')).toBe('✔✘·········');
    expect(lastLine(r.stdout)).toBe('invalid: EG_TOKEN_ALG_REFUSED');
  });

  it('prints the explanation object with --json', async () => {
    const bad = await run(['explain', v2Access.token, ...flagsFor(v2Access), '--audience', 'api://another-api', '--json']);
    expect(bad.code).toBe(1);
    const e = JSON.parse(bad.stdout) as { valid: boolean; checks: { name: string; outcome: string }[]; error: { code: string } };
    expect(e.valid).toBe(false);
    expect(e.checks).toHaveLength(11);
    expect(e.checks.find((c) => c.outcome === 'fail')?.name).toBe('audience');
    expect(e.error.code).toBe('EG_AUDIENCE_INVALID');

    const good = await run(['explain', v2Access.token, ...flagsFor(v2Access), '--json']);
    expect(good.code).toBe(0);
    const ok = JSON.parse(good.stdout) as { valid: boolean; principal: { kind: string; tenantId: string; scopes: unknown } };
    expect(ok.valid).toBe(true);
    expect(ok.principal.kind).toBe('user');
    expect(ok.principal.tenantId).toBe(v2Access.tid);
    expect(Array.isArray(ok.principal.scopes)).toBe(true);
  });
});

describe('explain hints', () => {
  it('names the tenant mismatch when --tenant is another tenant', async () => {
    const other = '00000000-0000-4000-8000-000000000001';
    const argv = ['explain', v2Access.token, ...flagsFor(v2Access).map((a) => (a === v2Access.tid ? other : a))];
    const r = await run(argv);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`hint: the token's tid is ${v2Access.tid}, not --tenant ${other}`));
  });

  it('suggests --at for an expired token', async () => {
    const r = await run(['explain', v2Access.token, ...flagsFor(v2Access), '--at', String(v2Access.exp + 3600)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ +hint: the token expired at \d{4}-\d\d-\d\dT.*--at/m);
    expect(lastLine(r.stdout)).toBe('invalid: EG_TOKEN_EXPIRED');
  });
});
