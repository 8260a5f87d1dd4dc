import { createCa, createTlsCertificate, generateRsaKeys } from '@entra-guard/emulator/certificates';

/** A throw-away certificate authority and a TLS server certificate it issued. */
export interface TestCa {
  /** PEM of the self-signed CA certificate: the only thing a client must trust. */
  readonly caPem: string;
  /** PEM of the server (leaf) certificate, valid for localhost, 127.0.0.1 and ::1. */
  readonly certPem: string;
  /** PKCS#8 PEM of the server certificate's private key. */
  readonly keyPem: string;
}

/**
 * Creates a fresh CA and a server certificate signed by it, for a local HTTPS server: the
 * emulator's own certificate code, so the tests' TLS is made exactly as the emulator's is.
 *
 * Each call makes new keys, so a CA trusted by one test can never vouch for another test's
 * server. Validity starts a day in the past to tolerate clock skew.
 */
export async function createTestCa(): Promise<TestCa> {
  const now = Date.now();
  // Both RSA key pairs are generated at once, in the thread pool.
  const serverKeys = generateRsaKeys();
  const ca = await createCa(now, generateRsaKeys());
  const server = await createTlsCertificate(ca, now, serverKeys);
  return { caPem: ca.certPem, certPem: server.certPem, keyPem: server.keyPem };
}
