import type { EmulatorConfig } from './tenants/config-types.js';

/**
 * Where URLs and issuers point (emulator spec §1): `self` uses the emulator's origin everywhere;
 * `entra-issuer` serves on the emulator but writes `https://login.microsoftonline.com` issuers;
 * `impersonate` answers as `https://login.microsoftonline.com` and the client's transport is
 * routed to the emulator (the helpers on {@link Emulator} do that).
 */
export type EmulatorMode = 'self' | 'entra-issuer' | 'impersonate';

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** TCP port; `0` picks a free one. Default `0`. */
  readonly port?: number;
  /** Address to bind: `127.0.0.1`, `::1` or `localhost` only (the emulator never listens beyond the machine). Default `127.0.0.1`. */
  readonly host?: string;
  /** Host name written in URLs, e.g. `localhost`. Default: `host` (`[::1]` for `::1`). */
  readonly publicHost?: string;
  /** Default `self`. */
  readonly mode?: EmulatorMode;
  /** The directory: an object, or the path of a JSON file. Default: the demo directory (`DEMO`). */
  readonly config?: EmulatorConfig | string;
  /** Folder for the CA, TLS certificate and signing keys. Default `.entra-guard/emulator` under the current directory. */
  readonly dataDir?: string;
  /** Serve HTTPS (default). `false` serves plain HTTP, which MSAL and @azure/identity refuse; for raw fetch users. */
  readonly tls?: boolean;
  /** Origin of v1 issuers (`https://sts.windows.net/{tid}/` in real tokens). Default `https://sts.windows.net`. */
  readonly v1IssuerOrigin?: string;
  /** `issuer` member of tenant-specific v2 keys: the `{tenantid}` template (default) or the exact tenant issuer. */
  readonly keyIssuer?: 'template' | 'tenant';
  /** Add `cloud_instance_name` to published keys (IdentityModel can check it). Default false. */
  readonly keyCloudInstanceName?: boolean;
  /**
   * `strict` (default): reuse of an exchanged refresh token is refused with AADSTS50173 (OAuth 2.1
   * rotation), so clients that mishandle rotation fail in tests. `entra`: a refresh token stays
   * usable after it was exchanged, as Entra documents.
   */
  readonly refreshTokenRotation?: 'entra' | 'strict';
  /** Sign in a seeded user named by `login_hint` without showing the form. Default false. */
  readonly autoLogin?: boolean;
  /** `interval` of device-code responses, seconds. Default 5 (Entra's); tests use 1. */
  readonly deviceCodeIntervalSeconds?: number;
}

/** Options after defaults and checks. */
export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  readonly publicHost: string;
  readonly mode: EmulatorMode;
  readonly dataDir: string;
  readonly tls: boolean;
  readonly v1IssuerOrigin: string;
  readonly keyIssuer: 'template' | 'tenant';
  readonly keyCloudInstanceName: boolean;
  readonly refreshTokenRotation: 'entra' | 'strict';
  readonly autoLogin: boolean;
  readonly deviceCodeIntervalSeconds: number;
}

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

/** Applies defaults; throws a TypeError naming the option when one is invalid. */
export function resolveOptions(options: EmulatorOptions, defaultDataDir: string): ResolvedOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError('"port" must be an integer from 0 to 65535');
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.includes(host)) throw new TypeError('"host" must be 127.0.0.1, ::1 or localhost: the emulator listens on this machine only');
  const mode = options.mode ?? 'self';
  if (!['self', 'entra-issuer', 'impersonate'].includes(mode)) throw new TypeError('"mode" must be "self", "entra-issuer" or "impersonate"');
  const interval = options.deviceCodeIntervalSeconds ?? 5;
  if (!Number.isInteger(interval) || interval < 1) throw new TypeError('"deviceCodeIntervalSeconds" must be a positive integer');
  const v1 = options.v1IssuerOrigin ?? 'https://sts.windows.net';
  if (!URL.canParse(v1) || new URL(v1).origin !== v1) throw new TypeError('"v1IssuerOrigin" must be an origin such as https://sts.windows.net');
  return {
    port,
    host,
    publicHost: options.publicHost ?? (host === '::1' ? '[::1]' : host),
    mode,
    dataDir: options.dataDir ?? defaultDataDir,
    tls: options.tls ?? true,
    v1IssuerOrigin: v1,
    keyIssuer: options.keyIssuer ?? 'template',
    keyCloudInstanceName: options.keyCloudInstanceName ?? false,
    refreshTokenRotation: options.refreshTokenRotation ?? 'strict',
    autoLogin: options.autoLogin ?? false,
    deviceCodeIntervalSeconds: interval,
  };
}
