/**
 * A read-only set: `Object.freeze(new Set())` still allows `add`, so the principal's sets are
 * wrapped in a type that has no mutators at all.
 */
export class FrozenSet<T> implements ReadonlySet<T> {
  readonly #items: Set<T>;

  constructor(items: Iterable<T>) {
    this.#items = new Set(items);
    Object.freeze(this);
  }

  get size(): number {
    return this.#items.size;
  }
  has(value: T): boolean {
    return this.#items.has(value);
  }
  forEach(callback: (value: T, value2: T, set: ReadonlySet<T>) => void, thisArg?: unknown): void {
    for (const v of this.#items) callback.call(thisArg, v, v, this);
  }
  entries(): SetIterator<[T, T]> {
    return this.#items.entries();
  }
  keys(): SetIterator<T> {
    return this.#items.keys();
  }
  values(): SetIterator<T> {
    return this.#items.values();
  }
  [Symbol.iterator](): SetIterator<T> {
    return this.#items[Symbol.iterator]();
  }
  toJSON(): T[] {
    return [...this.#items];
  }
}

// Most principals carry several empty claim lists (no groups, no wids, ...); they all share one
// instance, which halves the memory of a cached principal.
const EMPTY: FrozenSet<never> = new FrozenSet<never>([]);

/** A FrozenSet of the items; the shared empty instance when there are none. */
export function frozenSetOf<T>(items: readonly T[]): FrozenSet<T> {
  return items.length === 0 ? EMPTY : new FrozenSet(items);
}
