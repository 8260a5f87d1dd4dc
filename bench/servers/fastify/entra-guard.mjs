/** Fastify 5 with `entraGuardPlugin` from @entra-guard/fastify (built dist, default options). */
import Fastify from 'fastify';
import { entraGuardPlugin } from '../../../packages/fastify/dist/index.js';
import { HELLO, readConfig } from '../shared/config.mjs';
import { entraOptions } from '../shared/entra-options.mjs';

/** @returns {Promise<import('fastify').FastifyInstance>} */
export async function createApp() {
  const app = Fastify();
  await app.register(entraGuardPlugin, entraOptions(readConfig()));
  app.get('/', async () => HELLO);
  // Keys first, as the README does (listen() then makes the app ready). Measured: awaiting
  // app.ready() before the first key fetch left every later request paying ~6 % more in Node's
  // stream plumbing (process.nextTick), in this process only; see PROFILE.md.
  await app.entraGuard.guard.ready();
  return app;
}
