import { createHash, createPrivateKey, KeyObject, webcrypto, X509Certificate as NodeX509Certificate } from 'node:crypto';
import type * as X509 from './x509.js';

// Loaded only when a certificate must be made (a first start): importing the library costs
// about 0.4 s, which then overlaps the RSA key generation already running in the thread pool.
let x509Module: Promise<typeof X509> | undefined;
function loadX509(): Promise<typeof X509> {
  x509Module ??= import('./x509.js');
  return x509Module;
}

/** RSA 2048 with SHA-256: accepted by every TLS stack and by Entra-token validators alike. */
const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
} as const;

const DAY_MS = 86_400_000;

// @types/node types webcrypto with its own interfaces; at runtime it is the DOM `Crypto` that
// @peculiar/x509 is typed against.
const crypto = webcrypto as unknown as Crypto;

/** A certificate and its private key, both PEM. */
export interface PemPair {
  readonly certPem: string;
  readonly keyPem: string;
}

/** Distinguished name of the emulator's CA; shown by browsers and `openssl x509 -text`. */
export const CA_NAME = 'CN=entra-guard emulator local CA, O=entra-guard';

/** Host names and addresses the TLS certificate is valid for (the listener binds to loopback only). */
export const TLS_NAMES = { dns: ['localhost'], ip: ['127.0.0.1', '::1'] } as const;

/** Generates an RSA 2048 key pair in the libuv thread pool (does not block the event loop). */
export function generateRsaKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
}

/** PKCS#8 PEM of a WebCrypto private key. */
export function privateKeyPem(key: CryptoKey): string {
  return KeyObject.from(key as unknown as webcrypto.CryptoKey).export({ type: 'pkcs8', format: 'pem' }).toString();
}

async function importPrivate(pem: string): Promise<CryptoKey> {
  const der = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
  return crypto.subtle.importKey('pkcs8', der, RSA, false, ['sign']);
}

async function importPublicFromCert(certPem: string): Promise<CryptoKey> {
  const { X509Certificate } = await loadX509();
  return new X509Certificate(certPem).publicKey.export(RSA, ['verify'], crypto);
}

/** Creates the self-signed root that clients trust; valid ten years, so its fingerprint stays put. */
export async function createCa(now = Date.now(), keyPair: Promise<CryptoKeyPair> = generateRsaKeys()): Promise<PemPair> {
  const { BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, SubjectKeyIdentifierExtension, X509CertificateGenerator } = await loadX509();
  const keys = await keyPair;
  const cert = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: CA_NAME,
      keys,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + 3650 * DAY_MS),
      signingAlgorithm: RSA,
      extensions: [
        new BasicConstraintsExtension(true, 0, true),
        new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certPem: cert.toString('pem'), keyPem: privateKeyPem(keys.privateKey) };
}

/**
 * Issues the listener's certificate from the CA. Its validity (about a year, under the 398-day
 * limit browsers enforce) is shorter than the CA's, so it can be reissued without changing trust.
 */
export async function createTlsCertificate(ca: PemPair, now = Date.now(), keyPair: Promise<CryptoKeyPair> = generateRsaKeys()): Promise<PemPair> {
  const {
    AuthorityKeyIdentifierExtension,
    BasicConstraintsExtension,
    ExtendedKeyUsage,
    ExtendedKeyUsageExtension,
    KeyUsageFlags,
    KeyUsagesExtension,
    SubjectAlternativeNameExtension,
    SubjectKeyIdentifierExtension,
    X509Certificate,
    X509CertificateGenerator,
  } = await loadX509();
  const [keys, caKey, caPublic] = await Promise.all([keyPair, importPrivate(ca.keyPem), importPublicFromCert(ca.certPem)]);
  const cert = await X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: 'CN=localhost, O=entra-guard emulator',
      issuer: new X509Certificate(ca.certPem).subject,
      publicKey: keys.publicKey,
      signingKey: caKey,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + 397 * DAY_MS),
      signingAlgorithm: RSA,
      extensions: [
        new BasicConstraintsExtension(false, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment, true),
        new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
        // Host-name checks read only the SAN, so every loopback name a client may use is listed.
        new SubjectAlternativeNameExtension([
          ...TLS_NAMES.dns.map((value) => ({ type: 'dns' as const, value })),
          ...TLS_NAMES.ip.map((value) => ({ type: 'ip' as const, value })),
        ]),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await AuthorityKeyIdentifierExtension.create(caPublic, false, crypto),
      ],
    },
    crypto,
  );
  return { certPem: cert.toString('pem'), keyPem: privateKeyPem(keys.privateKey) };
}

/**
 * A token-signing key with the self-signed certificate Entra publishes in `x5c`. Entra's
 * certificates are self-signed too (CN=accounts.accesscontrol.windows.net); a distinct CN makes
 * an emulator key obvious in any JWKS dump.
 */
export async function createSigningCertificate(cn: string, now = Date.now()): Promise<PemPair> {
  const keyPair = generateRsaKeys();
  const { X509CertificateGenerator } = await loadX509();
  const keys = await keyPair;
  const cert = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: `CN=${cn}`,
      keys,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + 5 * 365 * DAY_MS),
      signingAlgorithm: RSA,
    },
    crypto,
  );
  return { certPem: cert.toString('pem'), keyPem: privateKeyPem(keys.privateKey) };
}

/** DER bytes of the first certificate in a PEM string. */
export function certificateDer(certPem: string): Buffer {
  const body = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/.exec(certPem)?.[1];
  if (body === undefined) throw new TypeError('not a PEM certificate');
  return Buffer.from(body.replace(/\s+/g, ''), 'base64');
}

/** base64url(SHA-1(DER)): what Entra publishes as both `kid` and `x5t`. */
export function sha1Thumbprint(certPem: string): string {
  return createHash('sha1').update(certificateDer(certPem)).digest('base64url');
}

/** base64url(SHA-256(DER)): the `x5t#S256` header MSAL puts on certificate client assertions. */
export function sha256Thumbprint(certPem: string): string {
  return createHash('sha256').update(certificateDer(certPem)).digest('base64url');
}

/** Hex SHA-256 fingerprint, the form `openssl x509 -fingerprint -sha256` and browsers show. */
export function fingerprintSha256(certPem: string): string {
  return createHash('sha256').update(certificateDer(certPem)).digest('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:');
}

/** Validity end of a PEM certificate, ms since the epoch. */
export function notAfter(certPem: string): number {
  return Date.parse(new NodeX509Certificate(certPem).validTo);
}

// Positive, 16 random bytes: serials must be unique per issuer and browsers dislike repeats.
function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString('hex');
}
