/** Express 5 with hand-written jose middleware (createRemoteJWKSet + jwtVerify). */
import express from 'express';
import { HELLO, readConfig } from '../shared/config.mjs';
import { createJoseVerifier } from '../shared/jose-verifier.mjs';

/** @returns {Promise<import('express').Express>} */
export async function createApp() {
  const verifyAuthorization = createJoseVerifier(readConfig());
  const app = express();
  app.use((req, res, next) => {
    verifyAuthorization(req.headers.authorization).then(
      (claims) => {
        // @ts-ignore -- a plain property for the handler
        req.auth = claims;
        next();
      },
      () => res.status(401).set('WWW-Authenticate', 'Bearer').end(),
    );
  });
  app.get('/', (_req, res) => {
    res.json(HELLO);
  });
  return app;
}
