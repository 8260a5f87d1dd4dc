// Compile-time check that the helpers fit the real client libraries' option types, although
// the emulator depends on none of them (its types are structural copies).
import type { ClientSecretCredentialOptions } from '@azure/identity';
import type { Configuration } from '@azure/msal-node';
import * as client from 'openid-client';
import { describe, expectTypeOf, it } from 'vitest';
import type { Emulator } from '../src/index.js';

declare const emu: Emulator;

describe('client helper types', () => {
  it('msalConfig is an MSAL Configuration', () => {
    const secret: Configuration = emu.msalConfig({ clientId: 'x', clientSecret: 's' });
    const certificate: Configuration = emu.msalConfig({ clientId: 'x', tenant: 'common', clientCertificate: { thumbprintSha256: 't', privateKey: 'k', x5c: 'c' } });
    expectTypeOf(secret).not.toBeAny();
    expectTypeOf(certificate).not.toBeAny();
  });

  it('identityOptions are ClientSecretCredentialOptions', () => {
    const options: ClientSecretCredentialOptions = emu.identityOptions();
    expectTypeOf(options).not.toBeAny();
  });

  it('openidClientOptions are openid-client DiscoveryRequestOptions', () => {
    const options: client.DiscoveryRequestOptions = emu.openidClientOptions(client.customFetch);
    expectTypeOf(options).not.toBeAny();
  });
});
