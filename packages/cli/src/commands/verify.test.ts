import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, flagsFor, run } from '../fixtures.test-helper.js';

const v2Access = fixture('059');

function parsed(stdout: string): Record<string, unknown> {
  expect(stdout.endsWith('\n')).toBe(true);
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('entra-guard verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'entra-guard-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the principal of a real v2 access token and exits 0', async () => {
    const r = await run(['verify', v2Access.token, ...flagsFor(v2Access)]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const p = parsed(r.stdout);
    expect(p['kind']).toBe('user');
    expect(p['tenantId']).toBe(v2Access.tid);
    expect(p['tokenVersion']).toBe('2.0');
    expect(Array.isArray(p['scopes'])).toBe(true);
    expect(Array.isArray(p['roles'])).toBe(true);
    expect(p['tokenId'] === null || typeof p['tokenId'] === 'string').toBe(true);
    // The token is never echoed, not even its signature.
    expect(r.stdout).not.toContain(v2Access.token.split('.')[2]);
  });

  it('prints kind app for a real app-only token', async () => {
    const app = fixture('065');
    const r = await run(['verify', app.token, ...flagsFor(app)]);
    expect(r.code).toBe(0);
    expect(parsed(r.stdout)['kind']).toBe('app');
  });

  it('exits 1 with EG_AUDIENCE_INVALID for a wrong --audience', async () => {
    const r = await run(['verify', v2Access.token, ...flagsFor(v2Access), '--audience', 'api://another-api']);
    expect(r.code).toBe(1);
    const out = parsed(r.stdout);
    expect(Object.keys(out)).toEqual(['valid', 'code', 'reason']);
    expect(out).toMatchObject({ valid: false, code: 'EG_AUDIENCE_INVALID' });
    expect(typeof out['reason']).toBe('string');
  });

  it('refuses a real v1 ID token with EG_NOT_ACCESS_TOKEN', async () => {
    const id = fixture('002');
    const r = await run(['verify', id.token, ...flagsFor(id)]);
    expect(r.code).toBe(1);
    expect(parsed(r.stdout)['code']).toBe('EG_NOT_ACCESS_TOKEN');
  });

  it('refuses an alg "none" token with EG_TOKEN_ALG_REFUSED', async () => {
    const none = fixture('negative/neg-03-v1-id-alg-none-msdocs-obo-2017-04-28.json');
    const r = await run(['verify', none.token, ...flagsFor(none)]);
    expect(r.code).toBe(1);
    expect(parsed(r.stdout)['code']).toBe('EG_TOKEN_ALG_REFUSED');
  });

  it('validates at --at: after exp it is EG_TOKEN_EXPIRED', async () => {
    const r = await run(['verify', v2Access.token, ...flagsFor(v2Access), '--at', String(v2Access.exp + 3600)]);
    expect(r.code).toBe(1);
    expect(parsed(r.stdout)['code']).toBe('EG_TOKEN_EXPIRED');
  });

  it('reads "-" from stdin, trimming whitespace and a "Bearer " prefix (string and stream)', async () => {
    const text = `  Bearer ${v2Access.token}\n`;
    for (const stdin of [text, Readable.from([Buffer.from(text)])]) {
      const r = await run(['verify', '-', ...flagsFor(v2Access)], stdin);
      expect(r.code).toBe(0);
      expect(parsed(r.stdout)['kind']).toBe('user');
    }
  });

  it('accepts a plain JWKS file and the fixtures key archive as --jwks', async () => {
    const plain = join(dir, 'jwks.json');
    writeFileSync(plain, JSON.stringify((JSON.parse(readFileSync(v2Access.file, 'utf8')) as { jwks: unknown }).jwks));
    const archive = new URL('../../../../../shared/fixtures/entra-real/metadata/entra-keys-archive.json', import.meta.url);
    for (const file of [plain, fileURLToPath(archive)]) {
      const r = await run(['verify', v2Access.token, ...flagsFor(v2Access), '--jwks', file]);
      expect(r.code).toBe(0);
    }
  });

  it('exits 1 with EG_KEYS_UNAVAILABLE when the authority cannot be reached', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    server.close();
    await once(server, 'close');
    const r = await run([
      'verify',
      v2Access.token,
      ...['--client-id', v2Access.aud, '--tenant', v2Access.tid, '--at', String(v2Access.at)],
      ...['--authority-host', `https://127.0.0.1:${port}`],
    ]);
    expect(r.code).toBe(1);
    expect(parsed(r.stdout)['code']).toBe('EG_KEYS_UNAVAILABLE');
    expect(r.stderr).toMatch(/^cause: .*ECONNREFUSED/m);
  });
});
