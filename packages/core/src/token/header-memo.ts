import type { KeySelector } from '../keys/key-set.js';

// Entra signs every token of a key with the same header, so a handful of segments cover a whole
// deployment. The bound keeps made-up headers (each one refused or not) from growing it.
const MAX_HEADERS = 64;

/**
 * Header segments that passed the `header` check, with the key selector it made of them: the
 * same segment always decodes to the same header, and the check depends only on the header and
 * the guard's fixed options, so a repeated segment needs neither decoding nor checking again.
 */
export class HeaderMemo {
  readonly #selectors = new Map<string, KeySelector>();

  get(segment: string): KeySelector | undefined {
    return this.#selectors.get(segment);
  }

  /** Remembers a checked header; forgets everything when full (then refills from live traffic). */
  remember(segment: string, selector: KeySelector): void {
    if (this.#selectors.size >= MAX_HEADERS) this.#selectors.clear();
    this.#selectors.set(segment, selector);
  }
}
