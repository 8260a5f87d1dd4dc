import { createHash, generateKeyPair, webcrypto, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { mergeMembers } from './merge-members.js';
import { X509CertificateGenerator } from './x509.js';

const generateKeyPairAsync = promisify(generateKeyPair);

/**
 * Placeholder for the key server's origin inside {@link SigningKey.jwk}'s `issuer`: the origin
 * (random port) is unknown when the key is made, so the key server substitutes it when serving.
 */
export const ORIGIN_PLACEHOLDER = '{origin}';

/** Default JWK `issuer`: Entra's multi-tenant template, with the origin still to be filled in. */
export const DEFAULT_KEY_ISSUER = `${ORIGIN_PLACEHOLDER}/{tenantid}/v2.0`;

/** An RSA token-signing key with its Entra-shaped public JWK. */
export interface SigningKey {
  /** Key id: the certificate thumbprint unless overridden, as in Entra. */
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /**
   * The public JWK with Entra's member order `kty, use, kid, x5t, n, e, x5c, issuer` (plus any
   * `extra` members). `issuer` may still contain {@link ORIGIN_PLACEHOLDER}.
   */
  readonly jwk: Record<string, unknown>;
}

/** Options for {@link createSigningKey}. */
export interface SigningKeyOptions {
  /** RSA modulus size in bits. Default 2048. */
  modulusLength?: number;
  /** RSA public exponent. Default 65537. */
  publicExponent?: number;
  /** JWK `issuer`; `null` omits the member. Default {@link DEFAULT_KEY_ISSUER}. */
  issuer?: string | null;
  /** Overrides the key id (`x5t` stays the real thumbprint). */
  kid?: string;
  /** Members merged into the JWK last (existing members keep their position; `undefined` removes one). */
  extra?: Record<string, unknown>;
}

// Same object as the DOM `Crypto` at runtime; @types/node just describes it with its own types.
const crypto = webcrypto as unknown as Crypto;

/** Builds the self-signed certificate Entra publishes in `x5c` for every signing key. */
async function selfSignedCertificateDer(privateKey: KeyObject, publicKey: KeyObject): Promise<Buffer> {
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  // Re-import the node keys so the certificate certifies exactly the key that signs tokens.
  const keys: CryptoKeyPair = {
    privateKey: await crypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), algorithm, true, ['sign']),
    publicKey: await crypto.subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), algorithm, true, ['verify']),
  };
  const now = Date.now();
  const certificate = await X509CertificateGenerator.createSelfSigned(
    {
      name: 'CN=entra-guard test signing key',
      keys,
      notBefore: new Date(now - 24 * 60 * 60 * 1000),
      notAfter: new Date(now + 5 * 365 * 24 * 60 * 60 * 1000),
      signingAlgorithm: algorithm,
    },
    crypto,
  );
  return Buffer.from(certificate.rawData);
}

/**
 * Creates an RSA signing key, a self-signed certificate for it, and its JWK exactly as Entra
 * publishes one (`kid` = `x5t` = base64url SHA-1 thumbprint of the DER certificate).
 */
export async function createSigningKey(opts: SigningKeyOptions = {}): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', {
    modulusLength: opts.modulusLength ?? 2048,
    publicExponent: opts.publicExponent ?? 65537,
  });
  const der = await selfSignedCertificateDer(privateKey, publicKey);
  const x5t = createHash('sha1').update(der).digest('base64url');
  const kid = opts.kid ?? x5t;
  const { n, e } = publicKey.export({ format: 'jwk' });
  const issuer = opts.issuer === undefined ? DEFAULT_KEY_ISSUER : opts.issuer;

  const base: Record<string, unknown> = { kty: 'RSA', use: 'sig', kid, x5t, n, e, x5c: [der.toString('base64')] };
  if (issuer !== null) base['issuer'] = issuer;
  return { kid, privateKey, publicKey, jwk: mergeMembers(base, opts.extra) };
}

/**
 * Creates `count` default signing keys concurrently: RSA key generation runs on libuv's thread
 * pool, so this is much faster than awaiting them one by one.
 */
export async function createSigningKeys(count: number, opts: SigningKeyOptions = {}): Promise<SigningKey[]> {
  return Promise.all(Array.from({ length: count }, () => createSigningKey(opts)));
}
