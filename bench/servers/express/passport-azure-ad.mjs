/**
 * Express 5 with passport-azure-ad's BearerStrategy, configured as its README says for a
 * single-tenant v2.0 API: tenant-specific v2.0 metadata URL, clientID/audience the API id,
 * issuer validated. It reads the metadata and keys over https (trusting the key server's CA
 * through NODE_EXTRA_CA_CERTS).
 */
import express from 'express';
import passport from 'passport';
import { BearerStrategy } from 'passport-azure-ad';
import { HELLO, readConfig } from '../shared/config.mjs';
import { unauthorized } from './errors.mjs';

/** @returns {Promise<import('express').Express>} */
export async function createApp() {
  const config = readConfig();
  const strategy = new BearerStrategy(
    {
      identityMetadata: config.metadataUrl,
      clientID: config.audience,
      audience: config.audience,
      validateIssuer: true,
      issuer: config.issuer,
      passReqToCallback: false,
      loggingLevel: 'error',
      loggingNoPII: true,
    },
    (/** @type {unknown} */ token, /** @type {(err: unknown, user?: unknown, info?: unknown) => void} */ done) => done(null, token, token),
  );
  passport.use(strategy);
  const app = express();
  app.use(passport.initialize());
  app.use(passport.authenticate('oauth-bearer', { session: false }));
  app.get('/', (_req, res) => {
    res.json(HELLO);
  });
  app.use(unauthorized);
  return app;
}
