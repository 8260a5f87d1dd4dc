// The diagnostics channels (events.ts CHANNELS): what is published for key refreshes, key
// failures and every validation, and that no message carries the token, a key id or a claim
// value that identifies anyone (row 128 applied to telemetry).
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '@entra-guard/core';
import {
  createSigningKey,
  createSigningKeys,
  TEST_APP_OID,
  TEST_CLIENT_ID,
  TEST_USER_NAME,
  TEST_USER_OID,
  TEST_USER_SUB,
  TEST_USER_UPN,
  type SigningKey,
} from '@entra-guard/test-support';
import { C, MARKER, outcome, T, useKeyEnv, X } from './setup.js';

const [k1, k2, k3] = (await createSigningKeys(3)) as [SigningKey, SigningKey, SigningKey];
const encKey = await createSigningKey({ extra: { use: 'enc' } });
const env = useKeyEnv();

type Channel = keyof typeof CHANNELS;
let messages: Record<Channel, Record<string, unknown>[]>;
const handlers = new Map<Channel, (message: unknown) => void>();

beforeEach(() => {
  messages = { authenticated: [], rejected: [], keysRefreshed: [], keysFailed: [] };
  for (const name of Object.keys(CHANNELS) as Channel[]) {
    const handler = (message: unknown): void => void messages[name].push(message as Record<string, unknown>);
    handlers.set(name, handler);
    subscribe(CHANNELS[name], handler);
  }
});
afterEach(() => {
  for (const [name, handler] of handlers) unsubscribe(CHANNELS[name], handler);
  handlers.clear();
});

describe('keys-refreshed', () => {
  it('startup: authority, reason and counts (a use:"enc" key is counted as skipped)', async () => {
    const e = await env([k1, encKey]);
    await e.guard().ready();
    expect(messages.keysRefreshed).toEqual([
      { authority: `${e.server.origin}/${T}`, reason: 'startup', keyCount: 1, added: 1, removed: 0, skipped: 1 },
    ]);
    expect(messages.keysFailed).toEqual([]);
  });

  it('unknown-kid: one message for the refresh that found the new key', async () => {
    const e = await env([k1]);
    const guard = e.guard();
    await guard.ready();
    e.server.setKeys([k1, k2]);
    await guard.validateToken(e.token(k2));
    expect(messages.keysRefreshed.slice(1)).toEqual([expect.objectContaining({ reason: 'unknown-kid', keyCount: 2, added: 1, removed: 0, skipped: 0 })]);
  });

  it('background: added and removed (a key unseen for maxStaleMs) are counted', async () => {
    const e = await env([k1, k2]);
    const cache = e.cache({ maxStaleMs: 60_000 });
    await cache.ready();
    e.server.setKeys([k2, k3]);
    e.clock.advance(30_000);
    await cache.refresh('background');
    e.clock.advance(31_000);
    await cache.refresh('background');
    expect(messages.keysRefreshed.map((m) => [m.reason, m.keyCount, m.added, m.removed])).toEqual([
      ['startup', 2, 2, 0],
      ['background', 3, 1, 0],
      ['background', 2, 0, 1],
    ]);
  });
});

describe('keys-failed', () => {
  it('cold failure: cold true, a fixed error text without the body; the request is rejected with 503', async () => {
    const e = await env([k1]);
    e.server.setFault('keys', { kind: 'status', status: 500, body: MARKER });
    expect(await outcome(e.guard().validateToken(e.token(k1)))).toBe('EG_KEYS_UNAVAILABLE');
    expect(messages.keysFailed).toEqual([{ authority: `${e.server.origin}/${T}`, reason: 'startup', error: expect.any(String), cold: true }]);
    expect(messages.rejected).toEqual([{ code: 'EG_KEYS_UNAVAILABLE', check: undefined, status: 503, durationMs: expect.any(Number) }]);
    expect(JSON.stringify(messages.keysFailed)).not.toContain(MARKER);
  });

  it('warm failure: cold false, reason unknown-kid', async () => {
    const e = await env([k1]);
    const guard = e.guard();
    await guard.ready();
    e.server.setFault('keys', { kind: 'status', status: 500 });
    expect(await outcome(guard.validateToken(e.token(k2)))).toBe('EG_KEY_NOT_FOUND');
    expect(messages.keysFailed).toEqual([expect.objectContaining({ reason: 'unknown-kid', cold: false })]);
  });

  it('the error text names the cap that was hit (body size, key count) and never the body', async () => {
    const e = await env([k1]);
    const guard = e.guard({ keys: { unknownKidCooldownMs: 0 } });
    e.server.setFault('keys', { kind: 'huge', bytes: 5 * 1024 * 1024 });
    await outcome(guard.validateToken(e.token(k1)));
    e.server.setFault('keys', null);
    e.server.setRawKeysBody(JSON.stringify({ keys: Array.from({ length: 10_000 }, () => ({ kty: 'RSA', note: MARKER })) }));
    e.clock.advance(10_000);
    await outcome(guard.validateToken(e.token(k1)));
    e.server.setRawKeysBody(`<html>${MARKER}</html>`);
    e.clock.advance(10_000);
    await outcome(guard.validateToken(e.token(k1)));
    const errors = messages.keysFailed.map((m) => String(m.error));
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/1048576/);
    expect(errors[1]).toMatch(/100 keys/);
    expect(errors.join(' ')).not.toContain(MARKER);
  });
});

describe('authenticated and rejected: one message per validation', () => {
  it('authenticated carries kind, tenant, client, version and a principal hash', async () => {
    const e = await env([k1]);
    const guard = e.guard();
    await guard.validateToken(e.token(k1));
    await guard.validateToken(e.token(k1));
    await guard.validateToken(e.token(k1, { kind: 'app', roles: ['Orders.Read.All'] }));
    await guard.validateToken(e.token(k1, { version: '1.0', audience: `api://${C}` }));
    expect(messages.rejected).toEqual([]);
    expect(messages.authenticated.map((m) => [m.kind, m.tenantId, m.clientId, m.tokenVersion])).toEqual([
      ['user', T, TEST_CLIENT_ID, '2.0'],
      ['user', T, TEST_CLIENT_ID, '2.0'],
      ['app', T, TEST_CLIENT_ID, '2.0'],
      ['user', T, TEST_CLIENT_ID, '1.0'],
    ]);
    const hashes = messages.authenticated.map((m) => m.principalHash as string);
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{32}$/);
    expect(hashes[0]).toBe(hashes[1]);
    expect(hashes[0]).toBe(hashes[3]); // same user, either token version
    expect(hashes[2]).not.toBe(hashes[0]);
    for (const m of messages.authenticated) expect(m.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('rejected carries the code, the failed check and the status', async () => {
    const e = await env([k1]);
    const guard = e.guard();
    await guard.ready();
    const past = Math.floor(e.clock.now / 1000) - 7_200;
    const cases: [() => Promise<unknown>, string, string, number][] = [
      [() => guard.validateToken(e.forged()), 'EG_KEY_NOT_FOUND', 'signature', 401],
      [() => guard.validateToken(e.forged(k1.kid)), 'EG_SIGNATURE_INVALID', 'signature', 401],
      [() => guard.validateToken(e.token(k1, { now: past })), 'EG_TOKEN_EXPIRED', 'lifetime', 401],
      [() => guard.validateToken(e.token(k1, { audience: 'api://someone-else' })), 'EG_AUDIENCE_INVALID', 'audience', 401],
      [() => guard.validateToken(e.token(k1, { tenantId: X })), 'EG_TENANT_NOT_ALLOWED', 'issuer', 401],
      [() => guard.validateToken(e.token(k1, { claims: { iss: 'https://attacker.example/' } })), 'EG_ISSUER_INVALID', 'issuer', 401],
      [() => guard.validateToken(e.token(k1, { header: { alg: 'HS256' } })), 'EG_TOKEN_ALG_REFUSED', 'header', 401],
      [() => guard.authenticate(undefined), 'EG_REQUEST_MISSING_TOKEN', 'request', 401],
    ];
    for (const [run] of cases) await outcome(run());
    expect(messages.authenticated).toEqual([]);
    expect(messages.rejected.map((m) => [m.code, m.check, m.status])).toEqual(cases.map(([, code, check, status]) => [code, check, status]));
  });
});

describe('no message leaks the token, a key id or an identifying claim value', () => {
  it('across accepted and refused validations and key events', async () => {
    const e = await env([k1, encKey]);
    const guard = e.guard({ keys: { unknownKidCooldownMs: 0 } });
    const tokens = [
      e.token(k1),
      e.token(k1, { version: '1.0', audience: `api://${C}` }),
      e.token(k1, { kind: 'app', roles: ['Orders.Read.All'] }),
      e.token(k1, { now: Math.floor(e.clock.now / 1000) - 7_200 }),
      e.token(k1, { audience: 'api://someone-else' }),
      e.token(k2),
      e.token(encKey),
      e.forged(),
      e.forged(k1.kid),
    ];
    for (const t of tokens) await outcome(guard.validateToken(t));
    await outcome(guard.authenticate(`Bearer ${tokens[0]!}`));
    e.server.setFault('keys', { kind: 'status', status: 500, body: MARKER });
    await outcome(guard.validateToken(tokens[5]!));
    expect(messages.authenticated.length).toBeGreaterThanOrEqual(4);
    expect(messages.rejected.length).toBeGreaterThanOrEqual(6);
    expect(messages.keysFailed.length).toBeGreaterThanOrEqual(1);

    // tenantId (tid) and clientId (azp/appid) are published by design (AuthenticatedEvent), so
    // they are the only claim values allowed; ver/idtyp surface as tokenVersion/kind.
    const allowed = new Set(['tid', 'azp', 'appid', 'ver', 'idtyp', 'azpacr', 'appidacr']);
    const secrets = new Set<string>([MARKER, TEST_USER_OID, TEST_APP_OID, TEST_USER_SUB, TEST_USER_NAME, TEST_USER_UPN, 'Orders.Read', C]);
    for (const key of [k1, k2, k3, encKey]) {
      secrets.add(key.kid);
      secrets.add(String(key.jwk.x5t));
      secrets.add(String(key.jwk.n).slice(0, 40));
    }
    for (const token of tokens) {
      const [header, payload, signature] = token.split('.') as [string, string, string];
      for (const part of [token, header, payload, signature]) if (part.length > 0) secrets.add(part);
      for (const v of Object.values(JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>)) {
        if (typeof v === 'string' && v.length >= 8) secrets.add(v);
      }
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      for (const [name, v] of Object.entries(claims)) {
        if (allowed.has(name)) continue;
        if (typeof v === 'number') secrets.add(String(v));
        if (typeof v === 'string' && v.length >= 4) secrets.add(v);
        if (Array.isArray(v)) for (const item of v) secrets.add(String(item));
      }
    }
    for (const [channel, list] of Object.entries(messages)) {
      for (const message of list) {
        const text = JSON.stringify(message);
        for (const secret of secrets) expect(text, `${channel} message contains a secret value`).not.toContain(secret);
      }
    }
  });
});
