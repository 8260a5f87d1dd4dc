import type { CloudOption } from './options.js';

/** Where a cloud's metadata lives and which issuer origins its documents may name. */
export interface ResolvedCloud {
  readonly name: string;
  readonly authorityHost: string;
  /** The v2 issuer origin used when no discovery document is read (static keys). */
  readonly v2IssuerOrigin: string;
  readonly v1IssuerOrigin: string;
}

// Sovereign-cloud issuer origins from Microsoft's national-cloud documentation; the v1 issuer
// of US Gov is not documented, so it is taken to be the authority host like v2.
const PRESETS: Readonly<Record<'public' | 'usgov' | 'china', ResolvedCloud>> = {
  public: {
    name: 'public',
    authorityHost: 'https://login.microsoftonline.com',
    v2IssuerOrigin: 'https://login.microsoftonline.com',
    v1IssuerOrigin: 'https://sts.windows.net',
  },
  usgov: {
    name: 'usgov',
    authorityHost: 'https://login.microsoftonline.us',
    v2IssuerOrigin: 'https://login.microsoftonline.us',
    v1IssuerOrigin: 'https://login.microsoftonline.us',
  },
  china: {
    name: 'china',
    authorityHost: 'https://login.partner.microsoftonline.cn',
    v2IssuerOrigin: 'https://login.partner.microsoftonline.cn',
    v1IssuerOrigin: 'https://sts.chinacloudapi.cn',
  },
};

function httpsOrigin(value: unknown, option: string): string {
  if (typeof value !== 'string') throw new TypeError(`"${option}" must be a string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`"${option}" must be an absolute URL`);
  }
  if (url.protocol !== 'https:') throw new TypeError(`"${option}" must use https`);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new TypeError(`"${option}" must be an origin (scheme, host and port only)`);
  }
  return url.origin;
}

/** Resolves the `cloud` option; throws a TypeError naming the option when it is invalid. */
export function resolveCloud(cloud: CloudOption | undefined): ResolvedCloud {
  if (cloud === undefined) return PRESETS.public;
  if (typeof cloud === 'string') {
    if (cloud === 'public' || cloud === 'usgov' || cloud === 'china') return PRESETS[cloud];
    throw new TypeError('"cloud" must be "public", "usgov", "china" or { authorityHost }');
  }
  if (typeof cloud !== 'object' || cloud === null) throw new TypeError('"cloud" must be a string or an object');
  const authorityHost = httpsOrigin(cloud.authorityHost, 'cloud.authorityHost');
  return Object.freeze({
    name: 'custom',
    authorityHost,
    v2IssuerOrigin: cloud.issuerOrigin === undefined ? authorityHost : httpsOrigin(cloud.issuerOrigin, 'cloud.issuerOrigin'),
    v1IssuerOrigin:
      cloud.v1IssuerOrigin === undefined ? 'https://sts.windows.net' : httpsOrigin(cloud.v1IssuerOrigin, 'cloud.v1IssuerOrigin'),
  });
}
