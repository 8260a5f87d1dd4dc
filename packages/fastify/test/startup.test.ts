// Options and route config are checked at start-up, with TypeErrors that name what is wrong.
import type { SigningKey } from '@entra-guard/test-support';
import Fastify from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { entraGuardPlugin } from '../src/index.js';
import { C, createKeys, guardOptions } from './helpers.js';

let key: SigningKey;
beforeAll(async () => {
  ({ key } = await createKeys());
});

describe('options and route config are checked at start-up', () => {
  const register = async (options: unknown): Promise<void> => {
    const app = Fastify();
    try {
      await app.register(entraGuardPlugin, options as never);
      await app.ready();
    } finally {
      await app.close();
    }
  };
  it('bad adapter options name the option', async () => {
    await expect(register({ ...guardOptions(key), optional: 'yes' })).rejects.toThrow('"optional" must be a boolean');
    await expect(register({ ...guardOptions(key), allowTokensWithoutPermissions: 1 })).rejects.toThrow('"allowTokensWithoutPermissions"');
    await expect(register({ ...guardOptions(key), realm: 7 })).rejects.toThrow('"realm"');
    await expect(register({ ...guardOptions(key), protectedResource: { resource: 'http://api.example', authorizationServers: [] } })).rejects.toThrow(TypeError);
  });
  it('bad guard options are core’s TypeErrors', async () => {
    await expect(register({ clientId: C, tenancy: { mode: 'single', tenantId: 'contoso.com' } })).rejects.toThrow(TypeError);
  });
  it('guard and guard options together are refused; a non-guard is refused', async () => {
    const app = Fastify();
    await app.register(entraGuardPlugin, guardOptions(key));
    const guard = app.entraGuard.guard;
    await app.close();
    await expect(register({ guard, ...guardOptions(key) })).rejects.toThrow('either "guard" or guard options');
    await expect(register({ guard: {} })).rejects.toThrow('"guard" must be a guard');
  });
  it('registering twice in one scope fails', async () => {
    const app = Fastify();
    await app.register(entraGuardPlugin, guardOptions(key));
    await expect(app.register(entraGuardPlugin, guardOptions(key))).rejects.toThrow();
    await app.close();
  });
  it('a mistyped route config fails the route', async () => {
    const app = Fastify();
    await app.register(entraGuardPlugin, guardOptions(key));
    expect(() => app.get('/a', { config: { entraGuard: { optinal: true } as never } }, async () => ({}))).toThrow('unknown option "config.entraGuard.optinal"');
    expect(() => app.get('/b', { config: { entraGuard: { optional: 'yes' } as never } }, async () => ({}))).toThrow('"config.entraGuard.optional" must be a boolean');
    await app.close();
  });
});

