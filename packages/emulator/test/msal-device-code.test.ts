import { PublicClientApplication } from '@azure/msal-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type Emulator } from '../src/index.js';
import { decode, postForm, startTestEmulator } from './support.js';

let emu: Emulator;
const ORDERS_READ = `${DEMO.ordersApi.identifierUri}/Orders.Read`;

beforeAll(async () => {
  emu = await startTestEmulator({ deviceCodeIntervalSeconds: 1 });
});

describe('MSAL Node PublicClientApplication, device code', () => {
  it('polls until the user approves, then gets a delegated token for that user', async () => {
    const pca = new PublicClientApplication(emu.msalConfig({ clientId: DEMO.cli.appId, tenant: DEMO.tenantA.id }));
    let message = '';
    const result = await pca.acquireTokenByDeviceCode({
      scopes: [ORDERS_READ],
      deviceCodeCallback: (response) => {
        message = response.message;
        // Approve after the first poll, so MSAL sees authorization_pending once.
        setTimeout(() => emu.approveDeviceCode({ userCode: response.userCode, user: DEMO.users.bob.upn }), 300);
      },
    });
    expect(message).toMatch(new RegExp(`^To sign in, use a web browser to open the page ${emu.localOrigin}/devicelogin and enter the code [A-Z0-9]{9} to authenticate\\.$`));
    expect(decode(result?.accessToken ?? '').payload).toMatchObject({ azp: DEMO.cli.appId, azpacr: '0', oid: DEMO.users.bob.oid, scp: 'Orders.Read' });
    expect(decode(result?.accessToken ?? '').payload).not.toHaveProperty('roles');
    const polls = emu.requests({ method: 'POST', pathPrefix: `/${DEMO.tenantA.id}/oauth2/v2.0/token` });
    expect(polls.map((p) => p.status)).toEqual([400, 200]);
    expect(polls[0]?.body?.grant_type).toBe('device_code');
  });

  it('reports a declined sign-in and refuses confidential apps', async () => {
    const issued = await postForm(emu, `${emu.localOrigin}/${DEMO.tenantA.id}/oauth2/v2.0/devicecode`, { client_id: DEMO.cli.appId, scope: ORDERS_READ });
    expect(issued.body).not.toHaveProperty('verification_uri_complete');
    emu.approveDeviceCode({ userCode: String(issued.body.user_code), decline: true });
    const poll = await postForm(emu, `${emu.localOrigin}/${DEMO.tenantA.id}/oauth2/v2.0/token`, {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: DEMO.cli.appId,
      device_code: String(issued.body.device_code),
    });
    expect(poll.body.error).toBe('authorization_declined');
    const confidential = await postForm(emu, `${emu.localOrigin}/${DEMO.tenantA.id}/oauth2/v2.0/devicecode`, { client_id: DEMO.webClient.appId, scope: ORDERS_READ });
    expect(confidential.status).toBe(401);
    expect(confidential.body.error_codes).toEqual([7000218]);
  });

  it('lets a person approve on the /devicelogin page', async () => {
    const issued = await postForm(emu, `${emu.localOrigin}/${DEMO.tenantA.id}/oauth2/v2.0/devicecode`, { client_id: DEMO.cli.appId, scope: `${ORDERS_READ} offline_access` });
    const page = await emu.fetch(`${emu.localOrigin}/devicelogin`, {
      method: 'POST',
      body: new URLSearchParams({ otc: String(issued.body.user_code), login: DEMO.users.alice.upn, passwd: DEMO.users.alice.password, action: 'approve' }),
    });
    expect(await page.text()).toContain('You have signed in');
    const poll = await postForm(emu, `${emu.localOrigin}/${DEMO.tenantA.id}/oauth2/v2.0/token`, { grant_type: 'device_code', client_id: DEMO.cli.appId, device_code: String(issued.body.device_code) });
    expect(poll.status).toBe(200);
    expect(poll.body.refresh_token).toEqual(expect.any(String));
    expect(decode(String(poll.body.access_token)).payload.roles).toEqual(['Orders.Admin']);
  });
});
