import { describe, expect, it } from 'vitest';
import { checkClient } from './client.js';
import { codeOf, testOptions } from './options.test-helper.js';

const APP = 'aaaaaaaa-0000-4000-8000-000000000001';
const o = testOptions();

describe('checkClient', () => {
  it('reads azp/azpacr from v2 and appid/appidacr from v1', () => {
    expect(checkClient({ azp: APP, azpacr: '1' }, '2.0', o)).toEqual({ clientId: APP, clientAuth: 1 });
    expect(checkClient({ appid: APP, appidacr: '2' }, '1.0', o)).toEqual({ clientId: APP, clientAuth: 2 });
    expect(checkClient({ appid: APP }, '1.0', o)).toEqual({ clientId: APP, clientAuth: undefined });
  });
  it.each([
    ['v2 without azp (an ID token)', {}, '2.0'],
    ['v2 with appid', { azp: APP, appid: APP }, '2.0'],
    ['v1 with azp', { appid: APP, azp: APP }, '1.0'],
    ['v1 without appid', {}, '1.0'],
    ['non-string azp', { azp: 1 }, '2.0'],
  ] as const)('refuses %s as not an access token', (_n, claims, version) => {
    expect(codeOf(() => checkClient(claims, version, o))).toBe('EG_NOT_ACCESS_TOKEN');
  });
  it('enforces the client allow-list and minimum client authentication', () => {
    expect(codeOf(() => checkClient({ azp: APP }, '2.0', testOptions({ allowedClients: ['other'] })))).toBe('EG_CLIENT_NOT_ALLOWED');
    expect(codeOf(() => checkClient({ azp: APP }, '2.0', testOptions({ allowedClients: [APP] })))).toBe('ok');
    const secret = testOptions({ minClientAuth: 'secret' });
    expect(codeOf(() => checkClient({ azp: APP, azpacr: '0' }, '2.0', secret))).toBe('EG_CLIENT_AUTH_TOO_WEAK');
    expect(codeOf(() => checkClient({ azp: APP }, '2.0', secret))).toBe('EG_CLIENT_AUTH_TOO_WEAK');
    expect(codeOf(() => checkClient({ azp: APP, azpacr: '1' }, '2.0', secret))).toBe('ok');
    expect(codeOf(() => checkClient({ azp: APP, azpacr: '1' }, '2.0', testOptions({ minClientAuth: 'certificate' })))).toBe('EG_CLIENT_AUTH_TOO_WEAK');
    expect(codeOf(() => checkClient({ azp: APP, azpacr: 1 }, '2.0', o))).toBe('EG_TOKEN_SHAPE_INVALID');
  });
});
