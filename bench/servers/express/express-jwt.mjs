/**
 * Express 5 with express-jwt and jwks-rsa's `expressJwtSecret`, as jwks-rsa's README shows it:
 * key cache and rate limit on, issuer, audience and RS256 pinned.
 */
import express from 'express';
import { expressjwt } from 'express-jwt';
import jwksRsa from 'jwks-rsa';
import { HELLO, readConfig } from '../shared/config.mjs';
import { unauthorized } from './errors.mjs';

/** @returns {Promise<import('express').Express>} */
export async function createApp() {
  const config = readConfig();
  const secret = jwksRsa.expressJwtSecret({ jwksUri: config.jwksUri, cache: true, rateLimit: true, jwksRequestsPerMinute: 10 });
  const app = express();
  app.use(expressjwt({ secret: /** @type {any} */ (secret), audience: config.audience, issuer: config.issuer, algorithms: ['RS256'], clockTolerance: 300 }));
  app.get('/', (_req, res) => {
    res.json(HELLO);
  });
  app.use(unauthorized);
  return app;
}
