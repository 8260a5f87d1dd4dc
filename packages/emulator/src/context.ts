import type { KeyRing } from './keys/key-ring.js';
import type { ResolvedOptions } from './options.js';
import type { Clock } from './state/clock.js';
import type { Faults } from './state/faults.js';
import type { RequestLog } from './state/request-log.js';
import type { Stores } from './state/stores.js';
import type { Directory } from './tenants/directory.js';

/** The real Entra origin, used by the entra-issuer and impersonation modes. */
export const ENTRA_ORIGIN = 'https://login.microsoftonline.com';

/** Every URL the emulator writes, per mode (emulator spec §1). */
export interface Urls {
  /** Where the listener really is, e.g. `https://127.0.0.1:8443`. */
  readonly localOrigin: string;
  /** The origin written in discovery documents and endpoints. */
  readonly publicOrigin: string;
  /** The origin of v2 issuers. */
  readonly issuerOrigin: string;
  readonly v1IssuerOrigin: string;
  readonly userinfo: string;
  readonly deviceLogin: string;
  v2Issuer(tenant: string): string;
  v1Issuer(tenant: string): string;
  /** `{publicOrigin}/{segment}{path}`. */
  endpoint(segment: string, path: string): string;
}

/** Builds the URL set once the port is known. */
export function createUrls(options: ResolvedOptions, port: number): Urls {
  const localOrigin = `${options.tls ? 'https' : 'http'}://${options.publicHost}:${port}`;
  const publicOrigin = options.mode === 'impersonate' ? ENTRA_ORIGIN : localOrigin;
  const issuerOrigin = options.mode === 'self' ? localOrigin : ENTRA_ORIGIN;
  return {
    localOrigin,
    publicOrigin,
    issuerOrigin,
    v1IssuerOrigin: options.v1IssuerOrigin,
    userinfo: options.mode === 'impersonate' ? 'https://graph.microsoft.com/oidc/userinfo' : `${localOrigin}/oidc/userinfo`,
    deviceLogin: options.mode === 'impersonate' ? 'https://microsoft.com/devicelogin' : `${localOrigin}/devicelogin`,
    v2Issuer: (tenant) => `${issuerOrigin}/${tenant}/v2.0`,
    v1Issuer: (tenant) => `${options.v1IssuerOrigin}/${tenant}/`,
    endpoint: (segment, path) => `${publicOrigin}/${segment}${path}`,
  };
}

/** The state every endpoint works on. `directory` is replaced by a reset. */
export interface EmulatorContext {
  readonly options: ResolvedOptions;
  readonly urls: Urls;
  directory: Directory;
  readonly keys: KeyRing;
  readonly clock: Clock;
  readonly stores: Stores;
  readonly faults: Faults;
  readonly log: RequestLog;
  readonly caPem: string;
}
