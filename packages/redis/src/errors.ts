/** Why a {@link RedisRevocationError} was raised. */
export type RedisRevocationErrorReason =
  /** `check()` before the first successful load: nothing is known yet, so nothing is answered. */
  | 'not-synced'
  /** `check()` with `onStale: 'fail-closed'` while the local copy is older than `maxStalenessMs`. */
  | 'stale'
  /** The store was closed. */
  | 'closed'
  /** A write while the Redis client is disconnected: nothing was sent. */
  | 'unreachable'
  /** A write was sent but not confirmed (timeout, connection lost): it may or may not be stored; retrying is safe. */
  | 'unconfirmed'
  /** A load or ping got no answer in time (reported in events). */
  | 'timeout'
  /** Redis answered with an error. */
  | 'command-failed';

/**
 * Raised by `check()` when the store cannot vouch for its copy (the guard turns that into 503
 * `EG_REVOCATION_UNAVAILABLE`) and by writes that Redis did not confirm. Messages are fixed text:
 * no host names, no ids; the underlying ioredis error, when there is one, is the `cause`.
 */
export class RedisRevocationError extends Error {
  override readonly name = 'RedisRevocationError';
  readonly reason: RedisRevocationErrorReason;

  constructor(reason: RedisRevocationErrorReason, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

const MESSAGES: Record<RedisRevocationErrorReason, string> = {
  'not-synced': 'revocation store has not loaded from Redis yet',
  stale: 'revocation store copy is older than maxStalenessMs',
  closed: 'revocation store is closed',
  unreachable: 'Redis is unreachable: the change was not stored',
  unconfirmed: 'Redis did not confirm the change: it may or may not be stored (retrying is safe)',
  timeout: 'Redis did not answer in time',
  'command-failed': 'Redis refused the command',
};

export function revocationError(reason: RedisRevocationErrorReason, cause?: unknown): RedisRevocationError {
  return new RedisRevocationError(reason, MESSAGES[reason], cause === undefined ? undefined : { cause });
}

/** A short, fixed description of a failure for events: an errno code or an error class, never a message. */
export function describeFailure(err: unknown): string {
  if (err instanceof RedisRevocationError) return err.reason;
  if (typeof err === 'object' && err !== null) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,32}$/.test(code)) return code;
    const name = (err as { name?: unknown }).name;
    if (typeof name === 'string' && /^[A-Za-z]{2,40}$/.test(name)) return name;
  }
  return 'error';
}

/** Rejects with a `timeout` error when `promise` has not settled within `ms`; a late rejection is absorbed. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(revocationError('timeout')), ms);
    timer.unref();
  });
  // Promise.race handles `promise` itself, so a rejection after the timeout is never unhandled.
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
