import type { KeySelector } from './key-set.js';
import type { SigningKey } from './jwk-import.js';
import type { IssuerTemplates } from './metadata.js';

/** Where the validator gets signing keys and the issuer of each token version. */
export interface KeySource {
  /** The key, if it is already held: the synchronous hot path. */
  find(selector: KeySelector): SigningKey | undefined;
  /** Loads or refreshes as needed; throws KeysUnavailableError (cold) or EG_KEY_NOT_FOUND. */
  resolve(selector: KeySelector): Promise<SigningKey>;
  /** Issuers from the authority's metadata; available once `find` or `resolve` returned a key. */
  issuers(): IssuerTemplates;
  ready(): Promise<void>;
  close(): void;
}
