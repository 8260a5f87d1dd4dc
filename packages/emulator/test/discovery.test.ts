import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type Emulator } from '../src/index.js';
import { startTestEmulator } from './support.js';

let emu: Emulator;
const A = DEMO.tenantA.id;

beforeAll(async () => {
  emu = await startTestEmulator();
});

async function getJson(path: string): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await emu.fetch(`${emu.localOrigin}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

describe('v2 discovery', () => {
  it('serves the tenant document with GUID paths, by GUID and by domain', async () => {
    for (const segment of [A, DEMO.tenantA.domain]) {
      const { status, body, headers } = await getJson(`/${segment}/v2.0/.well-known/openid-configuration`);
      expect(status).toBe(200);
      expect(body.issuer).toBe(`${emu.origin}/${A}/v2.0`);
      expect(body.token_endpoint).toBe(`${emu.origin}/${A}/oauth2/v2.0/token`);
      expect(body.jwks_uri).toBe(`${emu.origin}/${A}/discovery/v2.0/keys`);
      expect(body.authorization_endpoint).toBe(`${emu.origin}/${A}/oauth2/v2.0/authorize`);
      expect(body.tenant_region_scope).toBe('NA');
      expect(body).not.toHaveProperty('code_challenge_methods_supported');
      expect(Object.keys(body).slice(0, 4)).toEqual(['token_endpoint', 'token_endpoint_auth_methods_supported', 'jwks_uri', 'response_modes_supported']);
      expect(headers.get('cache-control')).toBe('max-age=86400, private');
      expect(headers.get('access-control-allow-origin')).toBe('*');
      expect(headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('keeps the literal segment and the {tenantid} template for common and organizations', async () => {
    for (const segment of ['common', 'organizations']) {
      const { body } = await getJson(`/${segment}/v2.0/.well-known/openid-configuration`);
      expect(body.issuer).toBe(`${emu.origin}/{tenantid}/v2.0`);
      expect(body.token_endpoint).toBe(`${emu.origin}/${segment}/oauth2/v2.0/token`);
      expect(body.tenant_region_scope).toBeNull();
    }
  });

  it('refuses consumers without an MSA tenant and unknown tenants with AADSTS90002', async () => {
    for (const segment of ['consumers', 'no-such.onmicrosoft.com', '11111111-2222-4333-8444-555555555555']) {
      const { status, body } = await getJson(`/${segment}/v2.0/.well-known/openid-configuration`);
      expect(status).toBe(400);
      expect(body.error).toBe('invalid_tenant');
      expect(body.error_codes).toEqual([90002]);
      expect(String(body.error_description)).toMatch(/^AADSTS90002: Tenant '.+' not found\..*\r\nTrace ID: .+\r\nCorrelation ID: .+\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/s);
    }
  });

  it('echoes client-request-id as correlation id and header', async () => {
    const res = await emu.fetch(`${emu.localOrigin}/nope.example/v2.0/.well-known/openid-configuration?client-request-id=abc-123`);
    expect(res.headers.get('client-request-id')).toBe('abc-123');
    expect(((await res.json()) as Record<string, unknown>).correlation_id).toBe('abc-123');
  });

  it('adds jwks_uri ?appid= when asked', async () => {
    const { body } = await getJson(`/${A}/v2.0/.well-known/openid-configuration?appid=${DEMO.ordersApi.appId}`);
    expect(body.jwks_uri).toBe(`${emu.origin}/${A}/discovery/v2.0/keys?appid=${DEMO.ordersApi.appId}`);
  });
});

describe('v1 discovery and keys', () => {
  it('serves the v1 document with the sts.windows.net issuer', async () => {
    const { body } = await getJson(`/${A}/.well-known/openid-configuration`);
    expect(body.issuer).toBe(`https://sts.windows.net/${A}/`);
    expect(body.jwks_uri).toBe(`${emu.origin}/${A}/discovery/keys`);
    expect(body.token_endpoint).toBe(`${emu.origin}/${A}/oauth2/token`);
    expect(body.microsoft_multi_refresh_token).toBe(true);
  });

  it('publishes keys with kid = x5t = SHA-1 of the certificate; issuer only on v2', async () => {
    const v2 = (await getJson(`/${A}/discovery/v2.0/keys`)).body.keys as Record<string, unknown>[];
    const v1 = (await getJson(`/${A}/discovery/keys`)).body.keys as Record<string, unknown>[];
    expect(v2.length).toBeGreaterThanOrEqual(2);
    for (const key of v2) {
      expect(Object.keys(key)).toEqual(['kty', 'use', 'kid', 'x5t', 'n', 'e', 'x5c', 'issuer']);
      const der = Buffer.from(String((key.x5c as string[])[0]), 'base64');
      expect(key.kid).toBe(createHash('sha1').update(der).digest('base64url'));
      expect(key.x5t).toBe(key.kid);
      expect(key.e).toBe('AQAB');
      expect(key.issuer).toBe(`${emu.origin}/{tenantid}/v2.0`);
    }
    expect(v1.map((k) => k.kid)).toEqual(v2.map((k) => k.kid));
    for (const key of v1) expect(key).not.toHaveProperty('issuer');
  });
});

describe('instance discovery', () => {
  it('names the emulator host for an emulator authority, the real list otherwise', async () => {
    const own = await getJson(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${emu.origin}/${A}/oauth2/v2.0/authorize`)}`);
    const host = new URL(emu.origin).host;
    expect(own.body.tenant_discovery_endpoint).toBe(`${emu.origin}/${A}/v2.0/.well-known/openid-configuration`);
    expect(own.body.metadata).toEqual([{ preferred_network: host, preferred_cache: host, aliases: [host] }]);
    const ms = await getJson(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`https://login.microsoftonline.com/${A}/oauth2/v2.0/authorize`)}`);
    expect((ms.body.metadata as unknown[]).length).toBe(5);
    const bad = await getJson('/common/discovery/instance?api-version=1.1&authorization_endpoint=nonsense');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid_instance');
  });
});
