// `npm start`-style boot (node dist/start-demo.js, as the npm script runs it): the banner lists
// the URLs and demo users, the printed curl works as printed, and SIGTERM stops everything.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO } from '@entra-guard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORDERS } from '../src/demo/demo-data.js';
import { buildExample, spawnNode, type Child } from './support.js';

const sh = (command: string): string => execFileSync('sh', ['-c', `${command} --silent --show-error`], { encoding: 'utf8' });
const hasCurl = (() => {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let dataDir: string;
let demo: Child;
let apiUrl: string;

beforeAll(async () => {
  buildExample();
  dataDir = mkdtempSync(join(tmpdir(), 'orders-api-demo-'));
  demo = spawnNode('dist/start-demo.js', { PORT: '0', EMULATOR_PORT: '0', EMULATOR_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  apiUrl = (await demo.waitFor(/^listening on (http:\/\/127\.0\.0\.1:\d+)$/m, 60_000))[1] ?? '';
}, 120_000);

afterAll(async () => {
  if (demo.process.exitCode === null) demo.process.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the demo (npm start)', () => {
  it('prints the URLs, the demo users and the seeded orders before the listening line', () => {
    const out = demo.stdout();
    const listening = out.indexOf('listening on');
    expect(out.match(/^listening on /gm)).toHaveLength(1);
    for (const expected of [
      `API          ${apiUrl}`,
      'Emulator     https://127.0.0.1:',
      `${DEMO.users.alice.upn}`,
      DEMO.users.alice.password,
      DEMO.users.bob.upn,
      DEMO.users.erin.upn,
      DEMO.daemon.appId,
      DEMO_ORDERS.bob.id,
    ]) {
      const at = out.indexOf(expected);
      expect(at, expected).toBeGreaterThanOrEqual(0);
      expect(at).toBeLessThan(listening);
    }
  });

  it("the printed curl's token works as printed", async () => {
    const m = /curl -H "Authorization: Bearer ([A-Za-z0-9._-]+)" (http:\/\/\S+)/.exec(demo.stdout());
    expect(m).not.toBeNull();
    const [, token, url] = m ?? [];
    expect(url).toBe(`${apiUrl}/api/orders`);
    const res = await fetch(url ?? '', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { orders: { id: string }[] };
    // Alice is the admin: she sees the tenant's seeded orders, not Erin's.
    expect(body.orders.map((o) => o.id).sort()).toEqual([DEMO_ORDERS.alice.id, DEMO_ORDERS.bob.id].sort());
    const me = (await (await fetch(`${apiUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ tenantId: DEMO.tenantA.id, objectId: DEMO.users.alice.oid, roles: ['Orders.Admin'] });
  });

  it.runIf(hasCurl)('the printed "more tokens" curls work: a user of tenant B, and the daemon by client credentials', async () => {
    const out = demo.stdout();
    const userCurl = /^ {2}user: {3}(curl .+)$/m.exec(out)?.[1] ?? '';
    const daemonCurl = /^ {2}daemon: (curl .+)$/m.exec(out)?.[1] ?? '';
    // As printed, with Bob swapped for Erin (tenant B): multi-tenant, both demo tenants allowed.
    const erin = JSON.parse(sh(userCurl.replace(DEMO.users.bob.upn, DEMO.users.erin.upn).replace(DEMO.tenantA.domain, DEMO.tenantB.domain))) as { token: string };
    const daemon = JSON.parse(sh(daemonCurl)) as { access_token: string };
    const me = async (token: string) => (await fetch(`${apiUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<Record<string, unknown>>;
    expect(await me(erin.token)).toMatchObject({ kind: 'user', tenantId: DEMO.tenantB.id, objectId: DEMO.users.erin.oid });
    expect(await me(daemon.access_token)).toMatchObject({ kind: 'app', tenantId: DEMO.tenantA.id, roles: ['Orders.Read.All'] });
  });

  it('SIGTERM → exit 0', async () => {
    demo.process.kill('SIGTERM');
    const { code } = await demo.exited;
    expect(code).toBe(0);
  }, 20_000);
});
