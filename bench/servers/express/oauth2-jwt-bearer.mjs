/**
 * Express 5 with express-oauth2-jwt-bearer's `auth()`: discovery from the tenant's v2.0 issuer,
 * audience the API id, RS256 only (its defaults check iss, aud, exp, alg).
 */
import express from 'express';
import { auth } from 'express-oauth2-jwt-bearer';
import { HELLO, readConfig } from '../shared/config.mjs';
import { unauthorized } from './errors.mjs';

/** @returns {Promise<import('express').Express>} */
export async function createApp() {
  const config = readConfig();
  const app = express();
  app.use(auth({ issuerBaseURL: config.issuer, audience: config.audience, tokenSigningAlg: 'RS256', clockTolerance: 300 }));
  app.get('/', (_req, res) => {
    res.json(HELLO);
  });
  app.use(unauthorized);
  return app;
}
