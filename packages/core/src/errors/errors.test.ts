import { describe, expect, it, vi } from 'vitest';
import type * as Errors from './errors.js';
import { EntraGuardError, ForbiddenError, InvalidTokenError, isEntraGuardError, KeysUnavailableError, tokenError } from './errors.js';

describe('EntraGuardError', () => {
  it('keeps the private detail out of message, JSON and enumeration', () => {
    const err = tokenError('EG_ISSUER_INVALID', 'expected https://login.microsoftonline.com/secret/v2.0', { check: 'issuer' });
    expect(err.message).toBe('The access token issuer is not accepted.');
    expect(err.detail).toContain('secret');
    expect(JSON.stringify(err)).not.toContain('secret');
    expect(Object.keys(err)).not.toContain('detail');
    expect({ ...err }).not.toHaveProperty('detail');
    expect(err.check).toBe('issuer');
  });
  it('picks the subclass from the code', () => {
    expect(tokenError('EG_TOKEN_EXPIRED', 'x')).toBeInstanceOf(InvalidTokenError);
    expect(tokenError('EG_CLIENT_NOT_ALLOWED', 'x')).toBeInstanceOf(ForbiddenError);
    expect(tokenError('EG_KEYS_UNAVAILABLE', 'x')).toBeInstanceOf(KeysUnavailableError);
    expect(tokenError('EG_TOKEN_EXPIRED', 'x')).not.toBeInstanceOf(ForbiddenError);
  });
  it('is recognised across copies of the package by its registry symbol', () => {
    // A structurally separate class hierarchy with the same brand stands for a second install.
    const brand = Symbol.for('entra-guard.error.kinds');
    const foreign = Object.assign(new Error('x'), { code: 'EG_TOKEN_EXPIRED' });
    Object.defineProperty(foreign, brand, { value: ['InvalidTokenError', 'EntraGuardError'] });
    expect(foreign).toBeInstanceOf(EntraGuardError);
    expect(foreign).toBeInstanceOf(InvalidTokenError);
    expect(foreign).not.toBeInstanceOf(ForbiddenError);
    expect(isEntraGuardError(foreign)).toBe(true);
    expect(new Error('plain')).not.toBeInstanceOf(EntraGuardError);
    expect(isEntraGuardError(null)).toBe(false);
  });

  it('works across two loaded copies of the module', async () => {
    vi.resetModules();
    const copy = (await import('./errors.js?second-copy')) as typeof Errors;
    expect(copy.EntraGuardError).not.toBe(EntraGuardError);
    const foreign = copy.tokenError('EG_TOKEN_EXPIRED', 'x');
    expect(foreign).toBeInstanceOf(EntraGuardError);
    expect(foreign).toBeInstanceOf(InvalidTokenError);
    expect(foreign).not.toBeInstanceOf(ForbiddenError);
    expect(tokenError('EG_CLIENT_NOT_ALLOWED', 'x')).toBeInstanceOf(copy.ForbiddenError);
  });
});
