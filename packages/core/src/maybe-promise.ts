/**
 * A value now, or a promise of it. The validation path returns one so that the steady state (a
 * cached token, or a held key with a synchronous tenant decision) costs no promise and no
 * microtask hop, while a key fetch or an asynchronous predicate still can be awaited.
 */
export type MaybePromise<T> = T | Promise<T>;

/** True for promises and any other thenable (a revocation store may return either). */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Applies `next` at once to a plain value, or once the promise fulfils. */
export function andThen<T, U>(value: T | PromiseLike<T>, next: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromiseLike(value) ? Promise.resolve(value).then(next) : next(value);
}
