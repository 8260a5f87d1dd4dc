/** Fastify 5 with no authentication: the baseline every Fastify ratio is divided by. */
import Fastify from 'fastify';
import { HELLO } from '../shared/config.mjs';

/** @returns {Promise<import('fastify').FastifyInstance>} */
export async function createApp() {
  const app = Fastify();
  app.get('/', async () => HELLO);
  return app;
}
