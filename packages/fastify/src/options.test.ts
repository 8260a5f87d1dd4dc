import { createEntraGuard } from '@entra-guard/core';
import { describe, expect, it } from 'vitest';
import { guardFrom, resolveSettings } from './options.js';

const T = '4f0c8a2e-6b1d-4e7a-9c35-2d8b7e1f6a90';
const C = 'a3d91f4c-27e8-4b56-8f0a-61c2e9b7d435';
// Remote keys are fetched lazily; a fetch that always fails makes sure these tests never do.
const noNetwork = (() => Promise.reject(new Error('no network in unit tests'))) as typeof fetch;
const guardOptions = { clientId: C, tenancy: { mode: 'single', tenantId: T }, fetch: noNetwork } as const;

describe('resolveSettings', () => {
  it('defaults: required authentication, no-permissions refused, error handler on, core realm', () => {
    expect(resolveSettings({})).toEqual({ optional: false, allowTokensWithoutPermissions: false, errorHandler: true, response: {}, metadata: undefined });
  });
  it('is frozen', () => {
    expect(Object.isFrozen(resolveSettings({ realm: 'r' }))).toBe(true);
  });
  it('passes realm and the metadata URL to the response options', () => {
    const s = resolveSettings({ realm: 'orders', protectedResource: { resource: 'https://api.example', authorizationServers: [`https://login.microsoftonline.com/${T}/v2.0`] } });
    expect(s.response).toEqual({ realm: 'orders', resourceMetadataUrl: 'https://api.example/.well-known/oauth-protected-resource' });
    expect(s.metadata?.path).toBe('/.well-known/oauth-protected-resource');
  });
  it('refuses non-boolean flags and a non-string realm, naming them', () => {
    expect(() => resolveSettings({ optional: 'no' as never })).toThrow('"optional" must be a boolean');
    expect(() => resolveSettings({ errorHandler: 0 as never })).toThrow('"errorHandler" must be a boolean');
    expect(() => resolveSettings({ realm: null as never })).toThrow('"realm" must be a string');
  });
  it('refuses bad protected-resource metadata (core validates it)', () => {
    expect(() => resolveSettings({ protectedResource: { resource: 'http://api.example', authorizationServers: ['https://x'] } })).toThrow(TypeError);
    expect(() => resolveSettings({ protectedResource: { resource: 'https://api.example', authorizationServers: [] } })).toThrow(TypeError);
  });
});

describe('guardFrom', () => {
  it('creates and owns a guard from guard options, without the adapter or Fastify keys', () => {
    const { guard, owned } = guardFrom({ ...guardOptions, optional: true, realm: 'x', prefix: '/api' } as never);
    expect(owned).toBe(true);
    expect(guard.options.clientId).toBe(C);
    guard.close();
  });
  it('uses a guard passed in without owning it', () => {
    const given = createEntraGuard(guardOptions);
    expect(guardFrom({ guard: given, optional: true })).toEqual({ guard: given, owned: false });
    given.close();
  });
  it('refuses a non-guard, and a guard together with guard options', () => {
    expect(() => guardFrom({ guard: { authenticate() {} } as never })).toThrow('"guard" must be a guard');
    const given = createEntraGuard(guardOptions);
    expect(() => guardFrom({ guard: given, clientId: C } as never)).toThrow('not both');
    given.close();
  });
});
