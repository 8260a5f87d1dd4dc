/**
 * Worker thread that mints a slice of distinct access tokens (RSA signing is ~1 ms a token, so
 * the harness spreads the 50 000-odd tokens of a run over every core before timing starts).
 */
import { createPrivateKey, randomBytes, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { testSupportPath, keyPem, kid, origin, tenantId, audience, count } = workerData;
const { mintAccessToken } = await import(pathToFileURL(testSupportPath).href);
const key = { kid, privateKey: createPrivateKey(keyPem) };
const tokens = new Array(count);
for (let i = 0; i < count; i++) {
  // One user per token: its own object id and pairwise subject; the minter adds a fresh uti.
  const claims = { oid: randomUUID(), sub: randomBytes(32).toString('base64url').slice(0, 43) };
  tokens[i] = mintAccessToken({ key, issuerOrigin: origin, tenantId, audience, claims });
}
parentPort?.postMessage(tokens);
