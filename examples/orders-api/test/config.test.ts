// Configuration from the environment: every problem on its own line, exit 1, secrets never echoed.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { A, B, buildExample, ORDERS_API, spawnNode } from './support.js';

const GOOD = { ENTRA_CLIENT_ID: ORDERS_API, ENTRA_TENANT_ID: A };

describe('loadConfig', () => {
  it('single tenant, with defaults', () => {
    const r = loadConfig(GOOD);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      logLevel: 'info',
      rateLimitPerMinute: 120,
      databaseUrl: undefined,
      redisUrl: undefined,
      webClient: undefined,
      entra: { clientId: ORDERS_API, tenancy: { mode: 'single', tenantId: A }, authorityHost: 'https://login.microsoftonline.com', audiences: undefined, clockSkewSeconds: undefined },
    });
  });

  it('multi-tenant with organizations/common, audiences, skew, database, Redis', () => {
    const r = loadConfig({
      ENTRA_CLIENT_ID: ORDERS_API.toUpperCase(),
      ENTRA_TENANT_ID: 'Organizations',
      ENTRA_ALLOWED_TENANTS: ` ${A}, ${B.toUpperCase()} ,${A}`,
      ENTRA_AUDIENCE: `api://${ORDERS_API}, ${ORDERS_API}`,
      ENTRA_AUTHORITY_HOST: 'https://localhost:8443/',
      ENTRA_CLOCK_SKEW_SECONDS: '60',
      PORT: '0',
      DATABASE_URL: 'postgres://u:p@db:5432/orders',
      REDIS_URL: 'rediss://cache:6380',
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'DEBUG',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.entra).toEqual({
      clientId: ORDERS_API,
      tenancy: { mode: 'multi', allowedTenants: [A, B] },
      tenantSegment: 'organizations',
      audiences: [`api://${ORDERS_API}`, ORDERS_API],
      authorityHost: 'https://localhost:8443',
      clockSkewSeconds: 60,
    });
    expect(r.config).toMatchObject({ port: 0, rateLimitPerMinute: 0, logLevel: 'debug', databaseUrl: 'postgres://u:p@db:5432/orders', redisUrl: 'rediss://cache:6380' });
  });

  it('lists every problem, one sentence each, naming the variable', () => {
    const r = loadConfig({
      ENTRA_CLIENT_ID: 'orders-api',
      ENTRA_TENANT_ID: 'contoso.com',
      ENTRA_ALLOWED_TENANTS: `${A},not-a-guid`,
      ENTRA_AUTHORITY_HOST: 'http://login.example.com/path',
      ENTRA_CLOCK_SKEW_SECONDS: '9000',
      PORT: 'eighty',
      DATABASE_URL: 'mysql://admin:hunter2@db/orders',
      REDIS_URL: 'memcached://x',
      LOG_LEVEL: 'loud',
      RATE_LIMIT_PER_MINUTE: '-5',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const names = ['ENTRA_CLIENT_ID', 'ENTRA_TENANT_ID', 'ENTRA_ALLOWED_TENANTS', 'ENTRA_AUTHORITY_HOST', 'ENTRA_CLOCK_SKEW_SECONDS', 'PORT', 'DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', 'RATE_LIMIT_PER_MINUTE'];
    expect(r.problems).toHaveLength(names.length);
    for (const name of names) expect(r.problems.some((p) => p.startsWith(name)), name).toBe(true);
    expect(r.problems.join('\n')).not.toContain('hunter2');
    for (const p of r.problems) expect(p).not.toContain('\n');
  });

  it('required variables, and the multi-tenant rules', () => {
    const empty = loadConfig({});
    expect(!empty.ok && empty.problems.map((p) => p.split(' ')[0])).toEqual(['ENTRA_CLIENT_ID', 'ENTRA_TENANT_ID']);
    const orgs = loadConfig({ ENTRA_CLIENT_ID: ORDERS_API, ENTRA_TENANT_ID: 'common' });
    expect(!orgs.ok && orgs.problems).toEqual([expect.stringMatching(/^ENTRA_ALLOWED_TENANTS is required with ENTRA_TENANT_ID=common/)]);
    const both = loadConfig({ ...GOOD, ENTRA_ALLOWED_TENANTS: B });
    expect(!both.ok && both.problems).toEqual([expect.stringMatching(/^ENTRA_ALLOWED_TENANTS only applies/)]);
  });

  it('the web client needs its secret and a long cookie secret', () => {
    const r = loadConfig({ ...GOOD, WEB_CLIENT_ID: ORDERS_API, WEB_COOKIE_SECRET: 'short' });
    expect(!r.ok && r.problems.map((p) => p.split(' ')[0])).toEqual(['WEB_CLIENT_SECRET', 'WEB_COOKIE_SECRET']);
    expect(!r.ok && r.problems.join(' ')).not.toContain('short');
    const ok = loadConfig({ ...GOOD, WEB_CLIENT_ID: ORDERS_API, WEB_CLIENT_SECRET: 's', WEB_COOKIE_SECRET: 'x'.repeat(32), WEB_PUBLIC_ORIGIN: 'http://localhost:3000' });
    expect(ok.ok && ok.config.webClient).toEqual({ clientId: ORDERS_API, clientSecret: 's', cookieSecret: 'x'.repeat(32), publicOrigin: 'http://localhost:3000' });
  });

  it('NODE_EXTRA_CA_CERTS must be a readable PEM file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orders-api-ca-'));
    try {
      const notPem = join(dir, 'ca.txt');
      writeFileSync(notPem, 'hello');
      expect(loadConfig({ ...GOOD, NODE_EXTRA_CA_CERTS: join(dir, 'missing.pem') }).ok).toBe(false);
      const r = loadConfig({ ...GOOD, NODE_EXTRA_CA_CERTS: notPem });
      expect(!r.ok && r.problems[0]).toMatch(/^NODE_EXTRA_CA_CERTS must name a PEM file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run api (node dist/server.js) with a bad environment', () => {
  beforeAll(() => buildExample(), 120_000);

  it('prints one line per problem and exits 1, before listening', async () => {
    const child = spawnNode('dist/server.js', { ENTRA_CLIENT_ID: 'nope', ENTRA_TENANT_ID: 'organizations', PORT: '99999', DATABASE_URL: 'postgres//user:s3cret@host' });
    const { code } = await child.exited;
    expect(code).toBe(1);
    const lines = child.stderr().trim().split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/^configuration error: (ENTRA_CLIENT_ID|ENTRA_ALLOWED_TENANTS|PORT|DATABASE_URL) /);
    expect(child.stderr()).not.toContain('s3cret');
    expect(child.stdout()).not.toContain('listening on');
  });

  it('an unreachable database is one startup line and exit 1', async () => {
    const child = spawnNode('dist/server.js', { ...GOOD, PORT: '0', DATABASE_URL: 'postgres://nobody:pw@127.0.0.1:1/none', LOG_LEVEL: 'silent' });
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^startup error: DATABASE_URL: cannot connect to PostgreSQL/)]);
    expect(child.stderr()).not.toContain(':pw@');
  });
});
