import { KeyObject, webcrypto } from 'node:crypto';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from './x509.js';

/** A throw-away certificate authority and a TLS server certificate it issued. */
export interface TestCa {
  /** PEM of the self-signed CA certificate: the only thing a client must trust. */
  readonly caPem: string;
  /** PEM of the server (leaf) certificate, valid for localhost, 127.0.0.1 and ::1. */
  readonly certPem: string;
  /** PKCS#8 PEM of the server certificate's private key. */
  readonly keyPem: string;
}

/** RSA 2048 / SHA-256, the most widely accepted combination, so no TLS stack refuses it. */
const RSA_ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

// @types/node describes webcrypto with its own interfaces; at runtime it is the same object as the
// DOM `Crypto` that @peculiar/x509 is typed against.
const crypto = webcrypto as unknown as Crypto;

async function generateRsaKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(RSA_ALGORITHM, true, ['sign', 'verify']);
}

/**
 * Creates a fresh CA and a server certificate signed by it, for a local HTTPS server.
 *
 * Each call makes new keys, so a CA trusted by one test can never vouch for another test's
 * server. Validity starts a day in the past to tolerate clock skew and lasts 30 days.
 */
export async function createTestCa(): Promise<TestCa> {
  const [caKeys, serverKeys] = await Promise.all([generateRsaKeys(), generateRsaKeys()]);
  const notBefore = new Date(Date.now() - DAY_MS);
  const notAfter = new Date(Date.now() + 30 * DAY_MS);

  const caName = 'CN=entra-guard test CA';
  const caCert = await X509CertificateGenerator.createSelfSigned(
    {
      name: caName,
      keys: caKeys,
      notBefore,
      notAfter,
      signingAlgorithm: RSA_ALGORITHM,
      extensions: [
        new BasicConstraintsExtension(true, 0, true),
        new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
        await SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  const serverCert = await X509CertificateGenerator.create(
    {
      subject: 'CN=localhost',
      issuer: caName,
      publicKey: serverKeys.publicKey,
      signingKey: caKeys.privateKey,
      notBefore,
      notAfter,
      signingAlgorithm: RSA_ALGORITHM,
      extensions: [
        new BasicConstraintsExtension(false, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment, true),
        new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
        // Hostname checks use the SAN only (the CN is ignored), so every address we listen on is here.
        new SubjectAlternativeNameExtension([
          { type: 'dns', value: 'localhost' },
          { type: 'ip', value: '127.0.0.1' },
          { type: 'ip', value: '::1' },
        ]),
        await SubjectKeyIdentifierExtension.create(serverKeys.publicKey, false, crypto),
        await AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  const keyPem = KeyObject.from(serverKeys.privateKey).export({ type: 'pkcs8', format: 'pem' });
  return {
    caPem: caCert.toString('pem'),
    certPem: serverCert.toString('pem'),
    keyPem: typeof keyPem === 'string' ? keyPem : keyPem.toString('utf8'),
  };
}
