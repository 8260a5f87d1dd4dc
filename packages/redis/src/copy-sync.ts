import type { Redis } from 'ioredis';
import { describeFailure, RedisRevocationError, revocationError, withTimeout } from './errors.js';
import { publishRecovered, publishStale, publishSync, publishSyncFailed, type RevocationSyncEvent } from './events.js';
import type { EntryMap, LocalCopy } from './local-copy.js';
import type { ResolvedStoreOptions } from './options.js';
import { loadSnapshot, type SnapshotSource } from './snapshot.js';

type SyncReason = RevocationSyncEvent['reason'];

const mono = (): number => performance.now();
const noop = (): void => {};

/**
 * Keeps a {@link LocalCopy} current and knows how current it is. Owns the subscriber connection
 * (`redis.duplicate()`): after every (re)connect it subscribes, then loads the whole copy; it
 * reloads periodically and pings on an interval. `freshAt` is the latest moment the copy is
 * proven current: the start of a load that completed, or the sending of a ping whose PONG came
 * back on the subscribed connection (every change published before it was delivered first).
 */
export class CopySync {
  readonly #o: ResolvedStoreOptions;
  readonly #copy: LocalCopy;
  readonly #channel: string;
  readonly #onMessage: (text: string) => void;
  readonly #source: SnapshotSource;
  readonly #ready: Promise<void>;
  #resolveReady: () => void = noop;
  #rejectReady: (err: unknown) => void = noop;
  #sub: Redis | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** Bumped on every subscriber disconnect: a subscription or load of an older generation is void. */
  #gen = 0;
  #subscribedGen = -1;
  #syncedGen = -1;
  #syncing: Promise<void> | undefined;
  #pinging = false;
  #startedAt: number | undefined;
  #freshAt: number | undefined;
  #lastSyncAt: number | undefined;
  #lastFullSyncAt = 0;
  #staleSince: number | undefined;
  #errorReported = false;

  constructor(o: ResolvedStoreOptions, copy: LocalCopy, channel: string, onMessage: (text: string) => void) {
    this.#o = o;
    this.#copy = copy;
    this.#channel = channel;
    this.#onMessage = onMessage;
    this.#source = { redis: o.redis, clientPrefix: o.clientPrefix, keyPrefix: o.keyPrefix, timeoutMs: o.commandTimeoutMs, now: o.now };
    this.#ready = new Promise<void>((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.#ready.catch(noop);
  }

  get ready(): Promise<void> {
    return this.#ready;
  }
  /** Monotonic ms of the last proof the copy was current; undefined until the first load. */
  get freshAt(): number | undefined {
    return this.#freshAt;
  }
  /** Wall-clock ms of the same moment. */
  get lastSyncAt(): number | undefined {
    return this.#lastSyncAt;
  }
  /** Subscribed and loaded on the subscriber's current connection. */
  get synced(): boolean {
    return this.#sub?.status === 'ready' && this.#syncedGen === this.#gen;
  }

  start(): Promise<void> {
    if (this.#closed) return Promise.reject(revocationError('closed'));
    if (this.#sub !== undefined) return this.#ready;
    this.#startedAt = mono();
    // Our own connection: we subscribe again (and reload) ourselves after every reconnect, and a
    // ping must fail at once rather than queue while it is down.
    const sub = this.#o.redis.duplicate({ autoResubscribe: false, enableOfflineQueue: false, lazyConnect: false });
    this.#sub = sub;
    sub.on('error', (err: unknown) => this.#connectionError(err));
    sub.on('ready', () => {
      this.#errorReported = false;
      this.#drive();
    });
    sub.on('close', () => this.#disconnected(sub));
    sub.on('end', () => this.#disconnected(sub));
    sub.on('message', (channel: string, text: string) => {
      if (channel === this.#channel && !this.#closed) this.#onMessage(text);
    });
    this.#timer = setInterval(() => this.#tick(), this.#o.heartbeatIntervalMs);
    this.#timer.unref();
    return this.#ready;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#rejectReady(revocationError('closed'));
    const sub = this.#sub;
    if (sub === undefined || sub.status === 'end') return;
    // A connection waiting to reconnect just stops; an open one ends once its socket closes.
    const open = sub.status === 'ready' || sub.status === 'connect' || sub.status === 'connecting';
    const ended = open ? new Promise<void>((resolve) => sub.once('end', () => resolve())) : Promise.resolve();
    sub.disconnect();
    await withTimeout(ended, 1_000).catch(noop);
  }

  /** Ms since the last proof (since `start()` before the first load). */
  age(): number {
    const since = this.#freshAt ?? this.#startedAt;
    return since === undefined ? 0 : mono() - since;
  }

  /** True when the copy is older than maxStalenessMs; publishes the stale event once per episode. */
  checkStale(): boolean {
    const age = this.age();
    if (age <= this.#o.maxStalenessMs) return false;
    if (this.#staleSince === undefined && !this.#closed) {
      this.#staleSince = mono();
      const everSynced = this.#freshAt !== undefined;
      const onStale = this.#o.onStale;
      publishStale(() => ({ keyPrefix: this.#o.keyPrefix, ageMs: Math.round(age), everSynced, onStale, refusing: !everSynced || onStale === 'fail-closed' }));
    }
    return true;
  }

  #failed(operation: 'connection' | 'subscribe' | 'load' | 'heartbeat', error: string): void {
    if (!this.#closed) publishSyncFailed(() => ({ keyPrefix: this.#o.keyPrefix, operation, error }));
  }

  #connectionError(err: unknown): void {
    // ioredis reports every failed reconnect attempt: one event per outage is enough.
    if (this.#errorReported) return;
    this.#errorReported = true;
    this.#failed('connection', describeFailure(err));
  }

  #disconnected(sub: Redis): void {
    this.#gen++;
    // 'end': the client gave up (its retryStrategy stopped), so the copy only ages from here.
    if (sub.status === 'end') this.#failed('connection', 'ended');
  }

  /** Subscribes and loads when the subscriber is up but not synced on its current connection. */
  #drive(): void {
    if (this.#closed || this.#sub?.status !== 'ready' || this.#syncedGen === this.#gen) return;
    this.#startSync(this.#freshAt === undefined ? 'startup' : 'reconnect');
  }

  #startSync(reason: SyncReason): void {
    const sub = this.#sub;
    if (this.#syncing !== undefined || sub === undefined) return;
    const gen = this.#gen;
    this.#syncing = this.#sync(sub, reason, gen).finally(() => {
      this.#syncing = undefined;
      if (gen !== this.#gen) this.#drive(); // the connection changed under it: start over now
    });
  }

  async #sync(sub: Redis, reason: SyncReason, gen: number): Promise<void> {
    // A snapshot holds every change made before it was read; every later one arrives on the
    // channel (subscribed first) and is replayed over it. So once loaded the copy was current at `started`.
    const started = mono();
    const buffer = this.#copy.beginBuffer();
    let snapshot: EntryMap | undefined;
    let operation: 'subscribe' | 'load' = 'subscribe';
    try {
      if (this.#subscribedGen !== gen) {
        await withTimeout(sub.subscribe(this.#channel), this.#o.commandTimeoutMs);
        if (gen !== this.#gen) return;
        this.#subscribedGen = gen;
      }
      operation = 'load';
      const loaded = await loadSnapshot(this.#source);
      if (gen === this.#gen && !this.#closed) snapshot = loaded;
    } catch (err) {
      this.#failed(operation, describeFailure(err));
    } finally {
      this.#copy.endBuffer(buffer, snapshot);
    }
    if (snapshot === undefined) return;
    this.#syncedGen = gen;
    this.#lastFullSyncAt = mono();
    this.#markFresh(started);
    publishSync(() => ({ keyPrefix: this.#o.keyPrefix, reason, entries: this.#copy.size(this.#o.now()), durationMs: mono() - started }));
  }

  #tick(): void {
    if (this.#closed) return;
    if (this.synced) {
      if (mono() - this.#lastFullSyncAt >= this.#o.resyncIntervalMs) this.#startSync('periodic');
      this.#heartbeat();
    } else {
      this.#drive(); // retries a subscribe or load that failed
    }
    this.checkStale();
  }

  #heartbeat(): void {
    const sub = this.#sub;
    if (this.#pinging || sub === undefined) return;
    this.#pinging = true;
    const gen = this.#gen;
    const sent = mono();
    withTimeout(sub.ping(), Math.min(this.#o.commandTimeoutMs, this.#o.maxStalenessMs))
      .then(
        () => {
          if (gen === this.#gen && this.#syncedGen === gen && !this.#closed) this.#markFresh(sent);
        },
        (err: unknown) => {
          if (this.#closed || gen !== this.#gen) return;
          this.#failed('heartbeat', describeFailure(err));
          // No answer on a connection that looks open (a half-open socket, a frozen server): reconnect.
          if (err instanceof RedisRevocationError && err.reason === 'timeout') sub.disconnect(true);
        },
      )
      .finally(() => (this.#pinging = false))
      .catch(noop);
  }

  #markFresh(at: number): void {
    if (this.#freshAt === undefined || at > this.#freshAt) this.#freshAt = at;
    this.#lastSyncAt = Math.round(this.#o.now() - (mono() - this.#freshAt));
    const staleSince = this.#staleSince;
    if (staleSince !== undefined && this.age() <= this.#o.maxStalenessMs) {
      this.#staleSince = undefined;
      publishRecovered(() => ({ keyPrefix: this.#o.keyPrefix, staleForMs: mono() - staleSince, entries: this.#copy.size(this.#o.now()) }));
    }
    this.#resolveReady();
  }
}
