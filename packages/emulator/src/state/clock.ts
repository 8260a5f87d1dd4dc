/**
 * The emulator's clock: real time plus an offset a test can shift (`/_emulator/clock`). Every
 * timestamp the emulator writes or checks goes through it, so expiry paths can be tested
 * without waiting.
 */
export class Clock {
  #offsetMs = 0;

  /** ms since the epoch, shifted. */
  nowMs(): number {
    return Date.now() + this.#offsetMs;
  }

  /** Seconds since the epoch (JWT NumericDate), shifted. */
  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  get offsetSeconds(): number {
    return this.#offsetMs / 1000;
  }

  set offsetSeconds(seconds: number) {
    if (!Number.isFinite(seconds)) throw new TypeError('offsetSeconds must be a finite number');
    this.#offsetMs = Math.round(seconds * 1000);
  }
}
