/** Express 5 with no authentication: the baseline every Express ratio is divided by. */
import express from 'express';
import { HELLO } from '../shared/config.mjs';

/** @returns {Promise<import('express').Express>} */
export async function createApp() {
  const app = express();
  app.get('/', (_req, res) => {
    res.json(HELLO);
  });
  return app;
}
