/**
 * Every token of a run, minted up front: the repeated token, the 10 000-user pool, the cold set
 * (each token sent once), and the correctness gate's good and bad tokens.
 */
import { createHmac } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DIST } from './paths.mjs';

/**
 * @typedef {object} TokenSets
 * @property {string} repeated        the one token of the repeated workload
 * @property {string[]} pool          one token per user of the pool workload
 * @property {string[]} cold          tokens each sent at most once
 * @property {{ name: string, authorization: string }[]} good   must be accepted
 * @property {{ name: string, authorization: string | undefined }[]} bad  must be refused
 * @property {{ repeated: string, pool: string, cold: string }} files  one token a line
 */

/**
 * Mints `count` distinct user tokens on worker threads, signed by `key`.
 *
 * @param {import('./identity.mjs').Identity} identity
 * @param {any} key
 * @param {number} count
 * @returns {Promise<string[]>}
 */
async function mintMany(identity, key, count) {
  const workers = Math.max(1, Math.min(availableParallelism(), 8));
  const keyPem = key.privateKey.export({ type: 'pkcs8', format: 'pem' });
  const slices = Array.from({ length: workers }, (_, i) => Math.floor(count / workers) + (i < count % workers ? 1 : 0));
  const parts = await Promise.all(
    slices.map(
      (slice) =>
        new Promise((resolve, reject) => {
          const workerData = { testSupportPath: DIST.testSupport, keyPem, kid: key.kid, origin: identity.origin, tenantId: identity.tenantId, audience: identity.audience, count: slice };
          const worker = new Worker(new URL('./mint-worker.mjs', import.meta.url), { workerData });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return /** @type {string[][]} */ (parts).flat();
}

/**
 * The tokens every candidate must refuse: each breaks one check that any correct RS256
 * access-token validator makes. Entra-guard refuses more (tenant, azp, shape...), but the gate is
 * about the common ground, so nothing wins the timing by skipping a check.
 *
 * @param {import('./identity.mjs').Identity} identity
 * @param {string} good a valid token to tamper with
 * @returns {{ name: string, authorization: string | undefined }[]}
 */
function badTokens(identity, good) {
  const ts = identity.testSupport;
  const [key] = identity.keys;
  const base = { key, issuerOrigin: identity.origin, tenantId: identity.tenantId, audience: identity.audience };
  const now = Math.floor(Date.now() / 1000);
  const [h, p, s] = good.split('.');
  const parts = ts.accessTokenParts(base);
  const tamperedPayload = ts.b64u({ ...JSON.parse(Buffer.from(p, 'base64url').toString('utf8')), oid: '00000000-0000-0000-0000-000000000001' });
  const hsHeader = ts.b64u({ typ: 'JWT', alg: 'HS256', kid: key.kid });
  const hsPayload = ts.b64u(parts.payload);
  const hsSecret = key.publicKey.export({ type: 'spki', format: 'pem' });
  const hsSignature = createHmac('sha256', hsSecret).update(`${hsHeader}.${hsPayload}`).digest('base64url');
  const forgedKey = { ...identity.unpublished, kid: key.kid };
  /** @type {[string, string | undefined][]} */
  const list = [
    ['no Authorization header', undefined],
    ['not a JWT', 'Bearer not-a-jwt'],
    ['expired an hour ago', ts.mintAccessToken({ ...base, now: now - 7200 })],
    ['not valid for another hour', ts.mintAccessToken({ ...base, now: now + 7200 })],
    ['wrong audience', ts.mintAccessToken({ ...base, audience: '11111111-2222-4333-8444-555555555555' })],
    ['issuer of another tenant', ts.mintAccessToken({ ...base, tenantId: '99999999-8888-4777-8666-555555555555' })],
    ['signed by an unpublished key', ts.mintAccessToken({ ...base, key: identity.unpublished })],
    ['forged: unpublished key, real kid', ts.mintAccessToken({ ...base, key: forgedKey })],
    ['payload tampered after signing', `${h}.${tamperedPayload}.${s}`],
    ['signature truncated', `${h}.${p}.${s.slice(0, -8)}`],
    ['alg none', `${ts.b64u({ typ: 'JWT', alg: 'none' })}.${ts.b64u(parts.payload)}.`],
    ['HS256 keyed with the public key', `${hsHeader}.${hsPayload}.${hsSignature}`],
  ];
  return list.map(([name, token]) => ({ name, authorization: token === undefined ? undefined : token.startsWith('Bearer ') ? token : `Bearer ${token}` }));
}

/**
 * @param {import('./identity.mjs').Identity} identity
 * @param {{ poolSize: number, coldSize: number, scratchDir: string }} sizes
 * @returns {Promise<TokenSets>}
 */
export async function mintTokens(identity, { poolSize, coldSize, scratchDir }) {
  const ts = identity.testSupport;
  const [first, second] = identity.keys;
  const base = { issuerOrigin: identity.origin, tenantId: identity.tenantId, audience: identity.audience };
  const repeated = ts.mintAccessToken({ ...base, key: first });
  // Half the users' tokens come from each published key, as during an Entra key rollover.
  const [poolA, poolB, cold] = await Promise.all([
    mintMany(identity, first, Math.ceil(poolSize / 2)),
    mintMany(identity, second, Math.floor(poolSize / 2)),
    mintMany(identity, first, coldSize),
  ]);
  const pool = poolA.flatMap((t, i) => (i < poolB.length ? [t, poolB[i]] : [t]));
  const good = [
    { name: 'delegated (user) token', authorization: `Bearer ${ts.mintAccessToken({ ...base, key: first })}` },
    { name: 'token from the second published key', authorization: `Bearer ${ts.mintAccessToken({ ...base, key: second })}` },
    { name: 'app-only token with a role', authorization: `Bearer ${ts.mintAccessToken({ ...base, key: first, kind: 'app', roles: ['Orders.Read.All'] })}` },
  ];
  const files = { repeated: join(scratchDir, 'repeated.txt'), pool: join(scratchDir, 'pool.txt'), cold: join(scratchDir, 'cold.txt') };
  await Promise.all([
    writeFile(files.repeated, `${repeated}\n`),
    writeFile(files.pool, `${pool.join('\n')}\n`),
    writeFile(files.cold, `${cold.join('\n')}\n`),
  ]);
  return { repeated, pool, cold, good, bad: badTokens(identity, repeated), files };
}
