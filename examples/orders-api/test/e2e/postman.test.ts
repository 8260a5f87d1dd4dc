// The Postman collection (postman/), run by newman against the API and the emulator: the
// collection's OAuth 2.0 client-credentials settings, its pre-request script fetching the token
// for the demo daemon, and its test scripts (statuses, challenges, problem+json bodies).
import { fileURLToPath } from 'node:url';
import { DEMO } from '@entra-guard/emulator';
import newman, { type NewmanRunOptions, type NewmanRunSummary } from 'newman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrder, startStack, type Stack } from './stack.js';

const POSTMAN = new URL('../../postman/', import.meta.url);
const COLLECTION = fileURLToPath(new URL('orders-api.postman_collection.json', POSTMAN));
const ENVIRONMENT = fileURLToPath(new URL('orders-api.postman_environment.json', POSTMAN));
const A = DEMO.tenantA.id;

function runNewman(options: NewmanRunOptions): Promise<NewmanRunSummary> {
  return new Promise((resolve, reject) => {
    newman.run(options, (err, summary) => (err === null ? resolve(summary) : reject(err)));
  });
}

describe('the Postman collection under newman', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ tenant: A });
    await seedOrder(stack, DEMO.users.bob, A, 'Stapler', 2);
    await seedOrder(stack, DEMO.users.erin, DEMO.tenantB.id, 'Notebook (other tenant)', 1);
  }, 60_000);
  afterAll(() => stack?.close());

  it('passes every test script, with one client-credentials token for the whole run', async () => {
    stack.emu.clearRequests();
    const summary = await runNewman({
      collection: COLLECTION,
      environment: ENVIRONMENT,
      // The environment file's defaults are for `npm start`; here the ports are random.
      envVar: [
        { key: 'baseUrl', value: stack.origin },
        { key: 'tokenUrl', value: `${stack.emu.authority(A)}/oauth2/v2.0/token` },
        { key: 'tenantId', value: A },
      ],
      // Trust the emulator's CA for the token request, rather than turning TLS checks off.
      sslExtraCaCerts: stack.emu.caPath,
      reporters: [],
      timeoutRequest: 10_000,
    });
    const { failures, executions, stats } = summary.run;
    const described = failures.map((f) => `${f.source?.name ?? '?'}: ${f.error.test ?? f.error.name ?? ''} ${f.error.message}`);
    expect(described).toEqual([]);
    // newman lists an item's execution again for the pre-request script's own request (same cursor).
    const apiCalls = [...new Map(executions.map((e) => [e.cursor.ref, e])).values()];
    expect(apiCalls.map((e) => [e.item.name, e.request?.url.toString().startsWith(stack.origin), e.response?.code])).toEqual([
      ['List orders as the daemon (200)', true, 200],
      ['Who am I (app principal)', true, 200],
      ['Create an order without Orders.ReadWrite.All (403)', true, 403],
      ['List orders without a token (401)', true, 401],
      ['List orders with a forged token (401 invalid_token)', true, 401],
    ]);
    expect(stats.assertions.failed).toBe(0);
    expect(stats.assertions.total).toBeGreaterThanOrEqual(6);
    expect(stats.prerequestScripts.failed).toBe(0);
    // The pre-request script cached the token: one token request for five API requests.
    const tokenRequests = stack.emu.requests({ method: 'POST' }).filter((r) => r.path.endsWith('/oauth2/v2.0/token'));
    expect(tokenRequests).toHaveLength(1);
  });
});
