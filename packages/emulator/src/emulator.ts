import type { IdentityHttpClient } from './clients/identity.js';
import type { MsalAuthInput, MsalConfiguration, MsalNetworkClient } from './clients/msal.js';
import type { OpenidCustomFetch } from './clients/openid.js';
import type { EmulatorMode } from './options.js';
import type { RevokeInput } from './operations.js';
import type { FaultSpec } from './state/faults.js';
import type { LoggedRequest } from './state/request-log.js';
import type { EmulatorConfig } from './tenants/config-types.js';
import type { MintOptions } from './tokens/mint.js';

/** Options for @azure/identity credentials (`ClientSecretCredential`, `ClientCertificateCredential`...). */
export interface IdentityOptions {
  readonly authorityHost: string;
  /** Puts `authorityHost` into MSAL's known authorities, so no instance discovery is sent to Microsoft. */
  readonly disableInstanceDiscovery: true;
  readonly httpClient: IdentityHttpClient;
}

/** A running emulator (returned by `startEmulator`). */
export interface Emulator {
  /** The origin clients use as authority host: the listener's in `self`/`entra-issuer` mode, `https://login.microsoftonline.com` when impersonating. */
  readonly origin: string;
  /** Where the listener really is, e.g. `https://127.0.0.1:50123`. */
  readonly localOrigin: string;
  readonly port: number;
  readonly mode: EmulatorMode;
  /** PEM of the emulator's CA: the only thing a client must trust. */
  readonly caPem: string;
  /** Path of `ca.pem` in the data folder, for `NODE_EXTRA_CA_CERTS`. */
  readonly caPath: string;
  /** SHA-256 fingerprint of the CA certificate (`AB:CD:…`), stable across restarts with the same data folder. */
  readonly caFingerprint: string;
  /** Absolute path of the data folder. */
  readonly dataDir: string;
  /** The directory being served. */
  readonly config: EmulatorConfig;
  /** A fetch that trusts the CA (and, when impersonating, routes Microsoft's hosts here); returns global `Response`s. */
  readonly fetch: typeof fetch;
  /** `{origin}/{tenant}`; tenant defaults to the first configured tenant's id. */
  authority(tenant?: string): string;
  /** v2 `{issuerOrigin}/{tid}/v2.0` or v1 `https://sts.windows.net/{tid}/`. Default version 2. */
  issuer(tenant?: string, version?: 1 | 2): string;
  /** An MSAL `system.networkClient` trusting the CA. */
  msalNetworkClient(): MsalNetworkClient;
  /** A ready MSAL configuration: authority, `knownAuthorities` (no instance discovery) and the network client. */
  msalConfig<A extends MsalAuthInput>(auth: A): MsalConfiguration<A>;
  /** Options for @azure/identity credentials: `new ClientSecretCredential(tid, id, secret, emu.identityOptions())`. */
  identityOptions(): IdentityOptions;
  /** openid-client discovery/request options: `client.discovery(url, id, secret, undefined, emu.openidClientOptions(client.customFetch))`. */
  openidClientOptions<S extends symbol>(customFetch: S): { [K in S]: OpenidCustomFetch };
  /** Mints any token, valid or deliberately broken (see {@link MintOptions}). */
  mint(options?: MintOptions): string;
  /** Rotates the signing keys: next → active → retired (still published), a new next key. */
  rotateKeys(): Promise<void>;
  /** Shifts the emulator clock to `offsetSeconds` from real time. */
  setClock(offsetSeconds: number): void;
  /** Moves the emulator clock forward (or back, if negative). */
  advanceClock(seconds: number): void;
  /** Injects a fault; returns its id. */
  injectFault(fault: FaultSpec): number;
  clearFaults(): void;
  /** Revokes a user's refresh tokens and sessions, or one refresh token; returns how many tokens. */
  revoke(input: RevokeInput): number;
  /** Approves (or declines) a device code, as the user would at `/devicelogin`. */
  approveDeviceCode(input: { readonly userCode: string; readonly user?: string; readonly decline?: boolean }): void;
  /** Requests received outside `/_emulator`, oldest first, secrets masked. */
  requests(filter?: { readonly pathPrefix?: string; readonly method?: string }): readonly LoggedRequest[];
  clearRequests(): void;
  /** Forgets codes, tokens, sessions, consents, faults, the clock offset and the log. Keys and CA stay. */
  reset(): void;
  /** Stops listening and closes every connection. */
  stop(): Promise<void>;
}
