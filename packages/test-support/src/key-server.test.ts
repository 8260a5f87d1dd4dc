import { createHash, createPublicKey } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createSigningKeys, createTestCa, startKeyServer, TEST_TENANT_ID, type KeyServer, type KeyServerOptions } from './index.js';

// One CA and one set of keys for the whole file: generating RSA keys dominates the run time.
const ca = await createTestCa();
const [keyA, keyB, keyC] = await createSigningKeys(3);
if (keyA === undefined || keyB === undefined || keyC === undefined) throw new Error('expected three keys');

const open = new Set<KeyServer>();
afterAll(async () => {
  // Safety net only: every test closes its own server in `finally`.
  await Promise.all([...open].map((server) => server.close()));
});

async function withServer(run: (server: KeyServer) => Promise<void>, opts: Partial<KeyServerOptions> = {}): Promise<void> {
  const server = await startKeyServer({ keys: [keyA!], ca, ...opts });
  open.add(server);
  try {
    await run(server);
  } finally {
    await server.close();
    open.delete(server);
  }
}

async function getJson(server: KeyServer, path: string): Promise<Record<string, unknown>> {
  const res = await server.fetch(`${server.origin}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('discovery documents', () => {
  it('serves the v2.0 document for a tenant GUID', () =>
    withServer(async (server) => {
      const res = await server.fetch(`${server.origin}/${TEST_TENANT_ID}/v2.0/.well-known/openid-configuration`);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('max-age=86400, private');
      const doc = (await res.json()) as Record<string, unknown>;
      expect(doc).toMatchObject({
        issuer: `${server.origin}/${TEST_TENANT_ID}/v2.0`,
        jwks_uri: `${server.origin}/${TEST_TENANT_ID}/discovery/v2.0/keys`,
        token_endpoint: `${server.origin}/${TEST_TENANT_ID}/oauth2/v2.0/token`,
        authorization_endpoint: `${server.origin}/${TEST_TENANT_ID}/oauth2/v2.0/authorize`,
        id_token_signing_alg_values_supported: ['RS256'],
        cloud_instance_name: 'microsoftonline.com',
      });
      expect(doc['response_types_supported']).toContain('code');
      expect(doc['subject_types_supported']).toEqual(['pairwise']);
      expect(Object.keys(doc).slice(0, 3)).toEqual(['token_endpoint', 'token_endpoint_auth_methods_supported', 'jwks_uri']);
    }));

  it('uses the literal {tenantid} issuer template for organizations', () =>
    withServer(async (server) => {
      const v2 = await getJson(server, '/organizations/v2.0/.well-known/openid-configuration');
      expect(v2['issuer']).toBe(`${server.origin}/{tenantid}/v2.0`);
      expect(v2['jwks_uri']).toBe(`${server.origin}/organizations/discovery/v2.0/keys`);
      const v1 = await getJson(server, '/organizations/.well-known/openid-configuration');
      expect(v1['issuer']).toBe('https://sts.windows.net/{tenantid}/');
      expect(v1['jwks_uri']).toBe(`${server.origin}/organizations/discovery/keys`);
    }));

  it('serves the v1 document with the sts.windows.net issuer for a tenant GUID', () =>
    withServer(async (server) => {
      const doc = await getJson(server, `/${TEST_TENANT_ID}/.well-known/openid-configuration`);
      expect(doc).toMatchObject({
        issuer: `https://sts.windows.net/${TEST_TENANT_ID}/`,
        jwks_uri: `${server.origin}/${TEST_TENANT_ID}/discovery/keys`,
        token_endpoint: `${server.origin}/${TEST_TENANT_ID}/oauth2/token`,
        id_token_signing_alg_values_supported: ['RS256'],
        cloud_instance_name: 'microsoftonline.com',
      });
    }));

  it('canonicalises GUID case and refuses unknown tenants and paths', () =>
    withServer(async (server) => {
      const doc = await getJson(server, `/${TEST_TENANT_ID.toUpperCase()}/v2.0/.well-known/openid-configuration`);
      expect(doc['issuer']).toBe(`${server.origin}/${TEST_TENANT_ID}/v2.0`);
      const badTenant = await server.fetch(`${server.origin}/not-a-tenant/v2.0/.well-known/openid-configuration`);
      expect(badTenant.status).toBe(400);
      expect(await badTenant.json()).toMatchObject({ error: 'invalid_tenant' });
      expect((await server.fetch(`${server.origin}/common/nothing-here`)).status).toBe(404);
    }));

  it('serves a tampered document until the override is removed', () =>
    withServer(async (server) => {
      const path = '/common/v2.0/.well-known/openid-configuration';
      server.overrideDiscovery('2.0', { issuer: 'https://evil.example/' });
      expect(await getJson(server, path)).toEqual({ issuer: 'https://evil.example/' });
      expect((await getJson(server, '/common/.well-known/openid-configuration'))['issuer']).toBe('https://sts.windows.net/{tenantid}/');
      server.overrideDiscovery('2.0', null);
      expect((await getJson(server, path))['issuer']).toBe(`${server.origin}/{tenantid}/v2.0`);
    }));
});

describe('key endpoints', () => {
  it('serves v2 keys with the issuer (origin filled in) and v1 keys without it', () =>
    withServer(async (server) => {
      const v2 = (await getJson(server, `/${TEST_TENANT_ID}/discovery/v2.0/keys`))['keys'] as Record<string, unknown>[];
      expect(v2).toHaveLength(1);
      const jwk = v2[0]!;
      expect(Object.keys(jwk)).toEqual(['kty', 'use', 'kid', 'x5t', 'n', 'e', 'x5c', 'issuer']);
      expect(jwk['issuer']).toBe(`${server.origin}/{tenantid}/v2.0`);
      const der = Buffer.from((jwk['x5c'] as string[])[0]!, 'base64');
      expect(jwk['kid']).toBe(createHash('sha1').update(der).digest('base64url'));
      expect(jwk['x5t']).toBe(jwk['kid']);
      const fromJwk = createPublicKey({ key: jwk as never, format: 'jwk' });
      expect(fromJwk.equals(keyA.publicKey)).toBe(true);

      const v1 = (await getJson(server, '/common/discovery/keys'))['keys'] as Record<string, unknown>[];
      expect(Object.keys(v1[0]!)).toEqual(['kty', 'use', 'kid', 'x5t', 'n', 'e', 'x5c']);
    }));

  it('rotates keys: v1 follows setKeys until setV1Keys pins it', () =>
    withServer(async (server) => {
      const kids = async (path: string): Promise<unknown[]> =>
        ((await getJson(server, path))['keys'] as Record<string, unknown>[]).map((k) => k['kid']);
      server.setKeys([keyB, keyC]);
      expect(await kids('/common/discovery/v2.0/keys')).toEqual([keyB.kid, keyC.kid]);
      expect(await kids('/common/discovery/keys')).toEqual([keyB.kid, keyC.kid]);
      server.setV1Keys([keyA]);
      server.setKeys([keyC]);
      expect(await kids('/common/discovery/keys')).toEqual([keyA.kid]);
      expect(await kids('/common/discovery/v2.0/keys')).toEqual([keyC.kid]);
    }));

  it('serves separate v1 keys when given, and a raw body for garbage tests', () =>
    withServer(
      async (server) => {
        server.setRawKeysBody('{"keys": not json');
        const res = await server.fetch(`${server.origin}/common/discovery/v2.0/keys`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(await res.text()).toBe('{"keys": not json');
        const v1 = (await getJson(server, '/common/discovery/keys'))['keys'] as Record<string, unknown>[];
        expect(v1.map((k) => k['kid'])).toEqual([keyB.kid]);
        server.setRawKeysBody(null);
        expect(((await getJson(server, '/common/discovery/v2.0/keys'))['keys'] as unknown[]).length).toBe(1);
      },
      { v1Keys: [keyB] },
    ));
});

describe('TLS trust', () => {
  it('the server fetch trusts the test CA, the global fetch does not', () =>
    withServer(async (server) => {
      expect((await server.fetch(`${server.origin}/common/discovery/v2.0/keys`)).ok).toBe(true);
      const refused = await fetch(`${server.origin}/common/discovery/v2.0/keys`).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(TypeError);
      const cause = (refused as { cause?: { code?: string } }).cause;
      expect(cause?.code).toMatch(/CERT|ISSUER|SIGNATURE/);
    }));

  it('passes the caller headers, method and Request objects through', () =>
    withServer(async (server) => {
      await server.fetch(`${server.origin}/common/discovery/keys`, { headers: { 'x-test': 'one' } });
      await server.fetch(new Request(`${server.origin}/common/discovery/keys`, { method: 'HEAD', headers: { 'x-test': 'two' } }));
      expect(server.requests.map((r) => [r.method, r.headers['x-test']])).toEqual([
        ['GET', 'one'],
        ['HEAD', 'two'],
      ]);
    }));
});
