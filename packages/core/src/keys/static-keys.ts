import type { ResolvedOptions } from '../config/resolve-options.js';
import { tokenError } from '../errors/errors.js';
import { KeySet, type KeySelector } from './key-set.js';
import type { SigningKey } from './jwk-import.js';
import type { KeySource } from './key-source.js';
import { issuerTemplatesFor, type IssuerTemplates } from './metadata.js';

/** Keys given in the options: nothing is fetched, ever. */
export class StaticKeySource implements KeySource {
  readonly #keys = new KeySet(Number.POSITIVE_INFINITY);
  readonly #issuers: IssuerTemplates;

  constructor(jwks: { readonly keys: readonly unknown[] }, options: ResolvedOptions) {
    const { accepted } = this.#keys.merge(jwks.keys, 0);
    if (accepted === 0) throw new TypeError('"keys.jwks" holds no usable RS256 signing key');
    const tenantId = options.tenancy.mode === 'single' ? options.tenancy.tenantId : undefined;
    this.#issuers = issuerTemplatesFor(options.cloud, tenantId);
  }

  find(selector: KeySelector): SigningKey | undefined {
    return this.#keys.find(selector, 0);
  }

  resolve(selector: KeySelector): Promise<SigningKey> {
    const key = this.find(selector);
    return key
      ? Promise.resolve(key)
      : Promise.reject(tokenError('EG_KEY_NOT_FOUND', 'no configured key matches the token kid/x5t', { check: 'signature' }));
  }

  issuers(): IssuerTemplates {
    return this.#issuers;
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {}
}
