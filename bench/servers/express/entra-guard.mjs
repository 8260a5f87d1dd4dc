/** Express 5 with `entraAuth` from @entra-guard/express (built dist, default options). */
import express from 'express';
import { entraAuth } from '../../../packages/express/dist/index.js';
import { HELLO, readConfig } from '../shared/config.mjs';
import { entraOptions } from '../shared/entra-options.mjs';

/** @returns {Promise<import('express').Express>} */
export async function createApp() {
  const auth = entraAuth(entraOptions(readConfig()));
  await auth.guard.ready();
  const app = express();
  app.use(auth);
  app.get('/', (_req, res) => {
    res.json(HELLO);
  });
  return app;
}
