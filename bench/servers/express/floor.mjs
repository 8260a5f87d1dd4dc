/** Express 5 with the floor: a bare synchronous node:crypto check (servers/shared/floor-verifier.mjs). */
import express from 'express';
import { HELLO, readConfig } from '../shared/config.mjs';
import { createFloorVerifier } from '../shared/floor-verifier.mjs';

/** @returns {Promise<import('express').Express>} */
export async function createApp() {
  const verifyAuthorization = await createFloorVerifier(readConfig());
  const app = express();
  app.use((req, res, next) => {
    let claims;
    try {
      claims = verifyAuthorization(req.headers.authorization);
    } catch {
      res.status(401).set('WWW-Authenticate', 'Bearer').end();
      return;
    }
    // @ts-ignore -- a plain property for the handler
    req.auth = claims;
    next();
  });
  app.get('/', (_req, res) => {
    res.json(HELLO);
  });
  return app;
}
