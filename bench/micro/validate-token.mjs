/**
 * Micro-benchmark of core's `validateToken` with tinybench, in one process pinned to the
 * server core: a cache hit (the same token), the full validation (cache off), a first sight
 * with the cache on (hash + validate + insert), and for scale the bare RS256 verify and jose's
 * jwtVerify on the same token. Prints one BENCH_MICRO JSON line.
 *
 * `node micro/validate-token.mjs <repeated-token-file> <pool-file> <cold-file> <ms per task>`
 */
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { Bench } from 'tinybench';
import { createEntraGuard } from '../../packages/core/dist/index.js';
import { readConfig } from '../servers/shared/config.mjs';
import { entraOptions } from '../servers/shared/entra-options.mjs';

const [repeatedFile, poolFile, coldFile, msArg] = process.argv.slice(2);
const lines = (/** @type {string} */ file) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const [repeated] = lines(repeatedFile);
const pool = lines(poolFile);
const cold = lines(coldFile);
const time = Number(msArg ?? 1000);
const config = readConfig();

const cached = createEntraGuard(entraOptions(config));
const uncached = createEntraGuard(entraOptions(config, { tokenCache: false }));
const firstSight = createEntraGuard(entraOptions(config));
await Promise.all([cached.ready(), uncached.ready(), firstSight.ready()]);

const jwks = await (await fetch(config.jwksUri)).json();
const [h, p, s] = repeated.split('.');
const { kid } = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
const jwk = jwks.keys.find((/** @type {any} */ k) => k.kid === kid);
const keyObject = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
const signingInput = Buffer.from(`${h}.${p}`, 'latin1');
const signature = Buffer.from(s, 'base64url');
const localJwks = createLocalJWKSet(jwks);
const joseOptions = { issuer: config.issuer, audience: config.audience, algorithms: ['RS256'] };

let poolIndex = 0;
let coldIndex = 0;
const bench = new Bench({ time, warmupTime: Math.min(300, time / 2) });
bench
  .add('validateToken — cache hit (same token)', async () => {
    await cached.validateToken(repeated);
  })
  .add('validateToken — full validation (tokenCache: false)', async () => {
    await uncached.validateToken(pool[poolIndex++ % pool.length]);
  })
  .add('validateToken — first sight, cache on (validate + insert)', async () => {
    await firstSight.validateToken(cold[coldIndex++ % cold.length]);
  })
  .add('bare crypto.verify RS256 (the signature alone)', () => {
    if (!verify('sha256', signingInput, keyObject, signature)) throw new Error('bad signature');
  })
  .add('jose jwtVerify (local JWK set, WebCrypto)', async () => {
    await jwtVerify(repeated, localJwks, joseOptions);
  });
await bench.run();

const tasks = bench.tasks.map((task) => {
  const r = /** @type {any} */ (task.result);
  const latency = r.latency ?? r;
  const mean = latency.mean ?? r.mean;
  const samples = latency.samplesCount ?? latency.samples?.length ?? r.samples?.length;
  const p99 = latency.p99 ?? r.p99;
  return { name: task.name, meanUs: mean * 1000, p99Us: p99 * 1000, opsPerSecond: 1000 / mean, samples };
});
const coldWrapped = coldIndex > cold.length;
cached.close();
uncached.close();
firstSight.close();
process.stdout.write(`BENCH_MICRO ${JSON.stringify({ tasks, coldWrapped, coldUsed: coldIndex })}\n`);
