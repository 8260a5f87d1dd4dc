import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  b64u,
  createSigningKey,
  createSigningKeys,
  mintAccessToken,
  mintIdToken,
  signJwt,
  signRs256,
  TEST_API_CLIENT_ID,
  TEST_APP_OID,
  TEST_CLIENT_ID,
  TEST_TENANT_ID,
  TEST_USER_OID,
} from './index.js';

const [key, other] = await createSigningKeys(2);
if (key === undefined || other === undefined) throw new Error('expected two keys');
const ORIGIN = 'https://127.0.0.1:1234';

function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown>; raw: string[] } {
  const raw = token.split('.');
  const json = (part: string | undefined): Record<string, unknown> => JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: json(raw[0]), payload: json(raw[1]), raw };
}

/** Verifies RS256 the way a validator would, with the public key rebuilt from the published JWK. */
function verifies(token: string, publicKey: KeyObject = createPublicKey({ key: key!.jwk as never, format: 'jwk' })): boolean {
  const [h, p, s] = token.split('.');
  return verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s ?? '', 'base64url'));
}

describe('primitives', () => {
  it('b64u encodes strings, bytes and objects without padding', () => {
    expect(b64u('{"a":1}')).toBe(Buffer.from('{"a":1}').toString('base64url'));
    expect(b64u(Buffer.from([0xfb, 0xff]))).toBe('-_8');
    expect(b64u({ a: 1 })).toBe(b64u('{"a":1}'));
  });

  it('signJwt keeps string JSON text exactly and adds nothing to objects', () => {
    const token = signJwt('{"alg":"RS256","alg":"none"}', { sub: 'x' }, key);
    expect(Buffer.from(token.split('.')[0]!, 'base64url').toString()).toBe('{"alg":"RS256","alg":"none"}');
    expect(decode(signJwt({}, {}, key)).header).toEqual({});
    expect(verifies(token)).toBe(true);
  });

  it('signRs256 signs with PKCS#1 v1.5 and the requested hash', () => {
    const sig = Buffer.from(signRs256('a.b', key.privateKey, 'sha512'), 'base64url');
    expect(verify('sha512', Buffer.from('a.b'), key.publicKey, sig)).toBe(true);
    expect(verify('sha256', Buffer.from('a.b'), key.publicKey, sig)).toBe(false);
    expect(verifies(signJwt({}, {}, other))).toBe(false);
  });
});

describe('signing keys', () => {
  it('publishes the JWK in Entra order with kid = x5t = certificate thumbprint', () => {
    expect(Object.keys(key.jwk)).toEqual(['kty', 'use', 'kid', 'x5t', 'n', 'e', 'x5c', 'issuer']);
    const der = Buffer.from((key.jwk['x5c'] as string[])[0]!, 'base64');
    expect(key.kid).toBe(createHash('sha1').update(der).digest('base64url'));
    expect(key.jwk).toMatchObject({ kty: 'RSA', use: 'sig', kid: key.kid, x5t: key.kid, e: 'AQAB', issuer: '{origin}/{tenantid}/v2.0' });
    // The certificate must certify the very key that signs.
    const certKey = createPublicKey({ key: `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----` });
    expect(certKey.equals(key.publicKey)).toBe(true);
  });

  it('honours kid, issuer, exponent, size and extra members', async () => {
    const odd = await createSigningKey({ modulusLength: 1024, publicExponent: 3, kid: 'custom', issuer: null, extra: { use: 'enc', alg: 'RS256', x5c: undefined } });
    expect(odd.kid).toBe('custom');
    expect(Object.keys(odd.jwk)).toEqual(['kty', 'use', 'kid', 'x5t', 'n', 'e', 'alg']);
    expect(odd.jwk).toMatchObject({ use: 'enc', kid: 'custom', e: 'Aw' });
    expect(odd.jwk['x5t']).not.toBe('custom');
    expect(odd.publicKey.asymmetricKeyDetails?.modulusLength).toBe(1024);
  });
});

describe('mintAccessToken', () => {
  const base = { key, issuerOrigin: ORIGIN, tenantId: TEST_TENANT_ID, audience: TEST_API_CLIENT_ID, now: 1_700_000_000 };

  it('mints a v2 delegated token shaped like Entra', () => {
    const token = mintAccessToken(base);
    expect(verifies(token)).toBe(true);
    const { header, payload } = decode(token);
    expect(header).toEqual({ typ: 'JWT', alg: 'RS256', kid: key.kid });
    expect(Object.keys(payload)).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'azp', 'azpacr', 'name', 'oid', 'preferred_username', 'rh', 'scp', 'sub', 'tid', 'uti', 'ver']);
    expect(payload).toMatchObject({
      aud: TEST_API_CLIENT_ID,
      iss: `${ORIGIN}/${TEST_TENANT_ID}/v2.0`,
      iat: 1_700_000_000 - 300,
      nbf: 1_700_000_000 - 300,
      exp: 1_700_000_000 + 3600,
      azp: TEST_CLIENT_ID,
      azpacr: '1',
      oid: TEST_USER_OID,
      scp: 'Orders.Read',
      tid: TEST_TENANT_ID,
      ver: '2.0',
    });
    expect(payload['sub']).not.toBe(payload['oid']);
    expect(decode(mintAccessToken(base)).payload['uti']).not.toBe(payload['uti']);
  });

  it('mints a v2 app-only token: roles, idtyp, oid === sub, no scp or user claims', () => {
    const { payload } = decode(mintAccessToken({ ...base, kind: 'app', roles: ['Orders.ReadWrite.All'], scopes: ['ignored'] }));
    expect(Object.keys(payload)).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'azp', 'azpacr', 'idtyp', 'oid', 'rh', 'roles', 'sub', 'tid', 'uti', 'ver']);
    expect(payload).toMatchObject({ idtyp: 'app', oid: TEST_APP_OID, sub: TEST_APP_OID, roles: ['Orders.ReadWrite.All'] });
    const renamed = decode(mintAccessToken({ ...base, kind: 'app', claims: { oid: 'another-oid' } })).payload;
    expect(renamed['sub']).toBe('another-oid');
  });

  it('mints v1 tokens with sts.windows.net issuer, appid and x5t header', () => {
    const user = decode(mintAccessToken({ ...base, version: '1.0', clientId: 'caller', scopes: ['a', 'b'] }));
    expect(user.header).toEqual({ typ: 'JWT', alg: 'RS256', x5t: key.kid, kid: key.kid });
    expect(Object.keys(user.payload)).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'appid', 'appidacr', 'name', 'oid', 'rh', 'scp', 'sub', 'tid', 'unique_name', 'upn', 'uti', 'ver']);
    expect(user.payload).toMatchObject({ iss: `https://sts.windows.net/${TEST_TENANT_ID}/`, appid: 'caller', appidacr: '1', scp: 'a b', ver: '1.0' });
    const app = decode(mintAccessToken({ ...base, version: '1.0', kind: 'app' })).payload;
    expect(app).toMatchObject({ idtyp: 'app', idp: `https://sts.windows.net/${TEST_TENANT_ID}/`, oid: TEST_APP_OID, sub: TEST_APP_OID });
    expect(app).not.toHaveProperty('scp');
    expect(app).not.toHaveProperty('azp');
  });

  it('merges claim and header overrides last; undefined deletes', () => {
    const token = mintAccessToken({ ...base, lifetimeSeconds: 60, claims: { exp: undefined, aud: 'api://other', extra: true }, header: { typ: undefined, kid: 'other-kid', x5t: 'x' } });
    const { header, payload } = decode(token);
    expect(header).toEqual({ alg: 'RS256', kid: 'other-kid', x5t: 'x' });
    expect(payload).not.toHaveProperty('exp');
    expect(Object.keys(payload).slice(0, 1)).toEqual(['aud']);
    expect(payload['aud']).toBe('api://other');
    expect(Object.keys(payload).at(-1)).toBe('extra');
    expect(verifies(token)).toBe(true);
    expect(decode(mintAccessToken({ ...base, lifetimeSeconds: 60 })).payload['exp']).toBe(1_700_000_060);
  });

  it('defaults now to the current time', () => {
    const { payload } = decode(mintAccessToken({ key, issuerOrigin: ORIGIN, tenantId: TEST_TENANT_ID, audience: TEST_API_CLIENT_ID }));
    expect(Math.abs((payload['exp'] as number) - 3600 - Date.now() / 1000)).toBeLessThan(5);
  });
});

describe('mintIdToken', () => {
  it('mints a v2 ID token: aud is the client, nonce, no azp or scp', () => {
    const token = mintIdToken({ key, issuerOrigin: ORIGIN, tenantId: TEST_TENANT_ID, nonce: 'n-1', now: 1_700_000_000 });
    expect(verifies(token)).toBe(true);
    const { header, payload } = decode(token);
    expect(header).toEqual({ typ: 'JWT', alg: 'RS256', kid: key.kid });
    expect(payload).toMatchObject({ aud: TEST_CLIENT_ID, iss: `${ORIGIN}/${TEST_TENANT_ID}/v2.0`, nonce: 'n-1', oid: TEST_USER_OID, ver: '2.0' });
    expect(payload).not.toHaveProperty('azp');
    expect(payload).not.toHaveProperty('scp');
  });
});
