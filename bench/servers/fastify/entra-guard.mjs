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
  await app.ready();
  await app.entraGuard.guard.ready();
  return app;
}
