/**
 * What every candidate server needs to know about the identity provider it trusts, read from
 * the environment the harness sets (see lib/child.mjs). Every candidate validates the same
 * Entra-shaped tokens: issuer `https://127.0.0.1:<port>/<tid>/v2.0`, audience the API client id.
 */

/**
 * @typedef {object} ServerConfig
 * @property {string} origin      Key server origin, standing in for https://login.microsoftonline.com.
 * @property {string} tenantId    The one tenant the API accepts.
 * @property {string} audience    The API's application (client) id.
 * @property {string} issuer      v2.0 issuer of the tenant.
 * @property {string} metadataUrl v2.0 OpenID discovery document of the tenant.
 * @property {string} jwksUri     v2.0 key set of the tenant.
 */

/**
 * @param {string} name
 * @returns {string}
 */
function required(name) {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`bench server: ${name} is not set`);
  return value;
}

/** @returns {ServerConfig} */
export function readConfig() {
  const origin = required('BENCH_ORIGIN');
  const tenantId = required('BENCH_TENANT_ID');
  return Object.freeze({
    origin,
    tenantId,
    audience: required('BENCH_AUDIENCE'),
    issuer: `${origin}/${tenantId}/v2.0`,
    metadataUrl: `${origin}/${tenantId}/v2.0/.well-known/openid-configuration`,
    jwksUri: `${origin}/${tenantId}/discovery/v2.0/keys`,
  });
}

/** The body every route answers with, protected or not, so only the auth differs. */
export const HELLO = Object.freeze({ hello: 'world' });
