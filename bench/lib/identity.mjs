/**
 * The identity provider of the run: test-support's HTTPS Entra-shaped key server on 127.0.0.1
 * with its own CA, two published signing keys, and the CA written to a file for the children's
 * NODE_EXTRA_CA_CERTS (so every library's own https client trusts it, as it would trust
 * login.microsoftonline.com).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST } from './paths.mjs';

/**
 * @typedef {object} Identity
 * @property {string} origin
 * @property {string} tenantId
 * @property {string} audience
 * @property {string} caFile
 * @property {any[]} keys       published signing keys (test-support SigningKey)
 * @property {any} unpublished  a key the key server does not publish (for bad tokens)
 * @property {any} testSupport  the test-support module
 * @property {() => Promise<void>} close
 */

/**
 * @param {string} scratchDir
 * @returns {Promise<Identity>}
 */
export async function startIdentity(scratchDir) {
  const testSupport = await import(pathToFileURL(DIST.testSupport).href);
  const [first, second, unpublished] = await testSupport.createSigningKeys(3);
  const server = await testSupport.startKeyServer({ keys: [first, second] });
  const caFile = join(scratchDir, 'key-server-ca.pem');
  await writeFile(caFile, server.caPem);
  return {
    origin: server.origin,
    tenantId: testSupport.TEST_TENANT_ID,
    audience: testSupport.TEST_API_CLIENT_ID,
    caFile,
    keys: [first, second],
    unpublished,
    testSupport,
    close: () => server.close(),
  };
}

/**
 * The environment every candidate child gets.
 *
 * @param {Identity} identity
 * @returns {Record<string, string>}
 */
export function identityEnv(identity) {
  return {
    BENCH_ORIGIN: identity.origin,
    BENCH_TENANT_ID: identity.tenantId,
    BENCH_AUDIENCE: identity.audience,
    NODE_EXTRA_CA_CERTS: identity.caFile,
  };
}
