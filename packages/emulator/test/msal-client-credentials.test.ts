import { createHash } from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateDer, createSigningCertificate } from '../src/keys/certificates.js';
import { DEMO, demoConfig, type EmulatorConfig, type Emulator } from '../src/index.js';
import { decode, startTestEmulator } from './support.js';

let emu: Emulator;
let cert: { certPem: string; keyPem: string };
const ORDERS_DEFAULT = `${DEMO.ordersApi.identifierUri}/.default`;

/** The demo directory with a certificate credential added to the daemon. */
function withDaemonCertificate(pem: string): EmulatorConfig {
  const config = demoConfig();
  const [a, ...rest] = config.tenants;
  if (a === undefined) throw new Error('demo has no tenant');
  const applications = (a.applications ?? []).map((app) => (app.appId === DEMO.daemon.appId ? { ...app, certificates: [{ pem }] } : app));
  return { ...config, tenants: [{ ...a, applications }, ...rest] };
}

beforeAll(async () => {
  cert = await createSigningCertificate('orders reporter daemon');
  emu = await startTestEmulator({ config: withDaemonCertificate(cert.certPem) });
});

describe('MSAL Node ConfidentialClientApplication, client credentials', () => {
  it('gets an app-only v2 token with a secret, then serves the second call from its cache', async () => {
    const cca = new ConfidentialClientApplication(emu.msalConfig({ clientId: DEMO.daemon.appId, clientSecret: DEMO.daemon.secret, tenant: DEMO.tenantA.id }));
    emu.clearRequests();
    const result = await cca.acquireTokenByClientCredential({ scopes: [ORDERS_DEFAULT] });
    expect(result?.accessToken).toBeTruthy();
    const { header, payload } = decode(result?.accessToken ?? '');
    expect(header).toEqual({ typ: 'JWT', alg: 'RS256', kid: expect.any(String) });
    expect(Object.keys(payload).slice(0, 5)).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp']);
    expect(payload).toMatchObject({
      aud: DEMO.ordersApi.appId,
      iss: `${emu.origin}/${DEMO.tenantA.id}/v2.0`,
      azp: DEMO.daemon.appId,
      azpacr: '1',
      idtyp: 'app',
      oid: DEMO.daemon.servicePrincipalId,
      sub: DEMO.daemon.servicePrincipalId,
      roles: ['Orders.Read.All'],
      tid: DEMO.tenantA.id,
      ver: '2.0',
    });
    expect(payload).not.toHaveProperty('scp');
    expect(Number(payload.exp) - Number(payload.iat)).toBe(3900);
    await cca.acquireTokenByClientCredential({ scopes: [ORDERS_DEFAULT] });
    const paths = emu.requests().map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual([`GET /${DEMO.tenantA.id}/v2.0/.well-known/openid-configuration`, `POST /${DEMO.tenantA.id}/oauth2/v2.0/token`]);
    const body = emu.requests({ method: 'POST' })[0]?.body ?? {};
    expect(body.client_secret).not.toBe(DEMO.daemon.secret);
  });

  it('gets a token with a certificate (PS256 assertion, x5t#S256, aud = token endpoint)', async () => {
    const thumbprintSha256 = createHash('sha256').update(certificateDer(cert.certPem)).digest('hex');
    const cca = new ConfidentialClientApplication(
      emu.msalConfig({ clientId: DEMO.daemon.appId, clientCertificate: { thumbprintSha256, privateKey: cert.keyPem, x5c: cert.certPem }, tenant: DEMO.tenantA.domain }),
    );
    const result = await cca.acquireTokenByClientCredential({ scopes: [ORDERS_DEFAULT] });
    expect(decode(result?.accessToken ?? '').payload).toMatchObject({ azp: DEMO.daemon.appId, azpacr: '2', tid: DEMO.tenantA.id });
    const post = emu.requests({ method: 'POST' }).at(-1);
    // MSAL posts to the domain authority although discovery named GUID paths.
    expect(post?.path).toBe(`/${DEMO.tenantA.domain}/oauth2/v2.0/token`);
  });

  it('surfaces AADSTS errors as MSAL ServerErrors with errorNo', async () => {
    const wrong = new ConfidentialClientApplication(emu.msalConfig({ clientId: DEMO.daemon.appId, clientSecret: 'not-the-secret' }));
    await expect(wrong.acquireTokenByClientCredential({ scopes: [ORDERS_DEFAULT] })).rejects.toMatchObject({ errorCode: 'invalid_client', errorNo: 7000215 });
    const right = new ConfidentialClientApplication(emu.msalConfig({ clientId: DEMO.daemon.appId, clientSecret: DEMO.daemon.secret }));
    await expect(right.acquireTokenByClientCredential({ scopes: [`${DEMO.ordersApi.identifierUri}/Orders.Read`] })).rejects.toMatchObject({ errorCode: 'invalid_scope', errorNo: 1002012 });
  });

  it('issues no roles claim when nothing is granted', async () => {
    const cca = new ConfidentialClientApplication(emu.msalConfig({ clientId: DEMO.webClient.appId, clientSecret: DEMO.webClient.secret }));
    const result = await cca.acquireTokenByClientCredential({ scopes: [ORDERS_DEFAULT] });
    expect(decode(result?.accessToken ?? '').payload).not.toHaveProperty('roles');
  });
});
