import { ClientSecretCredential } from '@azure/identity';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type Emulator } from '../src/index.js';
import { decode, startTestEmulator } from './support.js';

let emu: Emulator;
const ORDERS_DEFAULT = `${DEMO.ordersApi.identifierUri}/.default`;

beforeAll(async () => {
  emu = await startTestEmulator();
});

describe('@azure/identity ClientSecretCredential', () => {
  it('gets a token through the emulator-trusting httpClient', async () => {
    const credential = new ClientSecretCredential(DEMO.tenantA.id, DEMO.syncDaemon.appId, DEMO.syncDaemon.secret, emu.identityOptions());
    const token = await credential.getToken(ORDERS_DEFAULT);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3_000_000);
    expect(decode(token.token).payload).toMatchObject({ azp: DEMO.syncDaemon.appId, roles: ['Orders.Read.All', 'Orders.ReadWrite.All'], tid: DEMO.tenantA.id });
    const again = await credential.getToken(ORDERS_DEFAULT);
    expect(again.token).toBe(token.token);
  });

  it('keeps the AADSTS text of a wrong secret', async () => {
    const credential = new ClientSecretCredential(DEMO.tenantA.id, DEMO.syncDaemon.appId, 'wrong', emu.identityOptions());
    await expect(credential.getToken(ORDERS_DEFAULT)).rejects.toThrow(/AADSTS7000215/);
  });
});
