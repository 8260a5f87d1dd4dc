/** Fastify 5 with a hand-written jose `onRequest` hook (createRemoteJWKSet + jwtVerify). */
import Fastify from 'fastify';
import { HELLO, readConfig } from '../shared/config.mjs';
import { createJoseVerifier } from '../shared/jose-verifier.mjs';

/** @returns {Promise<import('fastify').FastifyInstance>} */
export async function createApp() {
  const verifyAuthorization = createJoseVerifier(readConfig());
  const app = Fastify();
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request, reply) => {
    try {
      // @ts-ignore -- decorated above
      request.auth = await verifyAuthorization(request.headers.authorization);
    } catch {
      return reply.code(401).header('WWW-Authenticate', 'Bearer').send();
    }
  });
  app.get('/', async () => HELLO);
  return app;
}
