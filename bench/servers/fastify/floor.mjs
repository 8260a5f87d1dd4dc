/** Fastify 5 with the floor: a bare synchronous node:crypto check in a callback `onRequest` hook. */
import Fastify from 'fastify';
import { HELLO, readConfig } from '../shared/config.mjs';
import { createFloorVerifier } from '../shared/floor-verifier.mjs';

/** @returns {Promise<import('fastify').FastifyInstance>} */
export async function createApp() {
  const verifyAuthorization = await createFloorVerifier(readConfig());
  const app = Fastify();
  app.decorateRequest('auth', null);
  app.addHook('onRequest', (request, reply, done) => {
    try {
      // @ts-ignore -- decorated above
      request.auth = verifyAuthorization(request.headers.authorization);
    } catch {
      reply.code(401).header('WWW-Authenticate', 'Bearer').send();
      return;
    }
    done();
  });
  app.get('/', async () => HELLO);
  return app;
}
