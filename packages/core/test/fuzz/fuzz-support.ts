// Shared helpers of the fuzz suites (not a test file). Nothing here prints: failures carry only
// error codes, class names, timings and the generated descriptions, never token or claim text.
import fc from 'fast-check';
import { expect } from 'vitest';
import { ERROR_CODES, isEntraGuardError, type EntraGuardError } from '@entra-guard/core';

/** Median of a single call must stay under this (ms). */
export const MEDIAN_MS = 2;
/** The 99th percentile must stay under this (ms): "each call takes < 5 ms". */
export const P99_MS = 5;
/** No call may ever take this long (ms), on its best of three attempts. */
export const MAX_MS = 20;

/** How a call ended. `threw` is a synchronous throw from a function that returns a promise. */
export type Outcome =
  | { readonly kind: 'resolved'; readonly value: unknown }
  | { readonly kind: 'rejected'; readonly error: unknown }
  | { readonly kind: 'threw'; readonly error: unknown };

async function settle(call: () => unknown): Promise<Outcome> {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    return { kind: 'threw', error };
  }
  try {
    return { kind: 'resolved', value: await result };
  } catch (error) {
    return { kind: 'rejected', error };
  }
}

function settleSync(call: () => unknown): Outcome {
  try {
    return { kind: 'resolved', value: call() };
  } catch (error) {
    return { kind: 'rejected', error };
  }
}

/** Names an error without its message (V8's JSON errors quote the input, which may be personal data). */
export function describeError(error: unknown): string {
  if (isEntraGuardError(error)) return `EntraGuardError ${error.code}`;
  if (error instanceof Error) return `${error.constructor.name} (not an EntraGuardError)`;
  return `a thrown ${typeof error} (not an EntraGuardError)`;
}

/**
 * Latencies of one property. A call slower than P99_MS is measured again (up to twice more) and
 * its best time kept: a slow path belongs to the input and reproduces, a GC pause or a busy
 * core does not. A best time of MAX_MS or more fails the property on that very input.
 */
export class Latency {
  readonly #samples: number[] = [];

  async measure(call: () => unknown): Promise<Outcome> {
    let start = performance.now();
    const outcome = await settle(call);
    let best = performance.now() - start;
    for (let attempt = 0; attempt < 2 && best >= P99_MS; attempt++) {
      start = performance.now();
      await settle(call);
      best = Math.min(best, performance.now() - start);
    }
    this.#record(best);
    return outcome;
  }

  measureSync(call: () => unknown): Outcome {
    let start = performance.now();
    const outcome = settleSync(call);
    let best = performance.now() - start;
    for (let attempt = 0; attempt < 2 && best >= P99_MS; attempt++) {
      start = performance.now();
      settleSync(call);
      best = Math.min(best, performance.now() - start);
    }
    this.#record(best);
    return outcome;
  }

  #record(ms: number): void {
    this.#samples.push(ms);
    if (ms >= MAX_MS) throw new Error(`slow path: a call took ${ms.toFixed(1)} ms on each of three attempts (bound ${MAX_MS} ms)`);
  }

  get count(): number {
    return this.#samples.length;
  }

  /** Median, 99th percentile and maximum, ms. */
  summary(): { readonly median: number; readonly p99: number; readonly max: number } {
    const sorted = [...this.#samples].sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return { median: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
  }
}

/** Asserts the latency bounds of a property: median, 99th percentile and maximum. */
export function expectFast(latency: Latency): void {
  const { median, p99, max } = latency.summary();
  expect(median).toBeLessThan(MEDIAN_MS);
  expect(p99).toBeLessThan(P99_MS);
  expect(max).toBeLessThan(MAX_MS);
}

/** Throws (with only a description) unless the outcome is a rejection with a well-formed EntraGuardError. */
export function expectRefused(outcome: Outcome, what: string): EntraGuardError {
  if (outcome.kind === 'resolved') throw new Error(`${what}: was accepted (validated)`);
  if (outcome.kind === 'threw') throw new Error(`${what}: threw synchronously instead of rejecting: ${describeError(outcome.error)}`);
  return expectGuardError(outcome.error, what);
}

/** Throws unless `error` is an EntraGuardError whose public fields are exactly those of its code. */
export function expectGuardError(error: unknown, what: string): EntraGuardError {
  if (!isEntraGuardError(error)) throw new Error(`${what}: ${describeError(error)}`);
  const info = ERROR_CODES[error.code];
  // The public message is the fixed text of the code: nothing from the token can leak through it.
  if (info === undefined || error.message !== info.description || error.status !== info.status) {
    throw new Error(`${what}: ${error.code} has a message or status that is not its code's`);
  }
  return error;
}

/** Counts unhandled rejections while installed. */
export function watchUnhandledRejections(): { readonly count: () => number; readonly stop: () => void } {
  let count = 0;
  const listener = (): void => {
    count++;
  };
  process.on('unhandledRejection', listener);
  return { count: () => count, stop: () => process.off('unhandledRejection', listener) };
}

/** Lets pending rejections surface (Node reports them after the microtask queue drains). */
export function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

/** Every character of the base64url alphabet, in value order. */
export const B64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// ---------------------------------------------------------------------------------------------
// JSON kept as written: a tree whose member names can repeat (exactly, up to case, or behind
// \uXXXX escapes), so that the strict parser's refusals can be predicted independently.
// ---------------------------------------------------------------------------------------------

/** What the strict parser must refuse: duplicate names up to case, `__proto__`, nesting beyond 8. */
export type Problem = 'duplicate' | 'proto' | 'depth';

/** Containers the strict parser accepts, counting the root object as 1. */
export const MAX_JSON_DEPTH = 8;

export type JsonNode =
  | { readonly t: 'lit'; readonly text: string }
  | { readonly t: 'arr'; readonly items: readonly JsonNode[] }
  | { readonly t: 'obj'; readonly members: readonly Member[] }
  /** `n` containers nested in one another around `1`: objects `{"a":…}`, or alternating with arrays. Written without recursion. */
  | { readonly t: 'deep'; readonly n: number; readonly arrays: boolean };

export type Member = readonly [MemberName, JsonNode];

export interface MemberName {
  readonly name: string;
  /** Bit i set: write UTF-16 unit i of the name as a \uXXXX escape. */
  readonly escapes: number;
}

export const lit = (value: unknown): JsonNode => ({ t: 'lit', text: JSON.stringify(value) ?? 'null' });
export const plainName = (name: string): MemberName => ({ name, escapes: 0 });

export function writeName({ name, escapes }: MemberName): string {
  let out = '"';
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    // A lone surrogate is escaped by JSON.stringify itself, so the text is always well-formed.
    out += (escapes >>> i % 31) & 1 ? `\\u${unit.toString(16).padStart(4, '0')}` : JSON.stringify(name[i]).slice(1, -1);
  }
  return `${out}"`;
}

export function writeNode(node: JsonNode, ws = ''): string {
  switch (node.t) {
    case 'lit':
      return node.text;
    case 'arr':
      return `[${node.items.map((n) => writeNode(n, ws)).join(`,${ws}`)}]`;
    case 'obj':
      return `{${node.members.map(([k, v]) => `${writeName(k)}${ws}:${ws}${writeNode(v, ws)}`).join(`,${ws}`)}}`;
    case 'deep': {
      let open = '';
      let close = '';
      for (let i = 0; i < node.n; i++) {
        const array = node.arrays && i % 2 === 1;
        open += array ? '[' : `{"a":${ws}`;
        close = (array ? ']' : '}') + close;
      }
      return `${open}1${close}`;
    }
  }
}

/** Converts a JSON value (as JSON.stringify would write it) into a tree. */
export function toNode(value: unknown): JsonNode {
  if (Array.isArray(value)) return { t: 'arr', items: value.map((v) => (v === undefined ? lit(null) : toNode(v))) };
  if (typeof value === 'object' && value !== null) {
    const members: Member[] = [];
    for (const [name, v] of Object.entries(value)) if (v !== undefined) members.push([plainName(name), toNode(v)]);
    return { t: 'obj', members };
  }
  return lit(value);
}

/** The problems of a tree, predicted from its structure. Literal texts are leaves. */
export function problemsOf(node: JsonNode, depth = 1, found = new Set<Problem>()): Set<Problem> {
  if (node.t === 'lit') return found;
  if (node.t === 'deep') {
    if (node.n > 0 && depth + node.n - 1 > MAX_JSON_DEPTH) found.add('depth');
    return found;
  }
  if (depth > MAX_JSON_DEPTH) found.add('depth');
  if (node.t === 'arr') {
    for (const item of node.items) problemsOf(item, depth + 1, found);
    return found;
  }
  const seen = new Set<string>();
  for (const [{ name }, value] of node.members) {
    if (name === '__proto__') found.add('proto');
    const folded = name.toLowerCase();
    if (seen.has(folded)) found.add('duplicate');
    seen.add(folded);
    problemsOf(value, depth + 1, found);
  }
  return found;
}

/** The same for a value JSON.parse produced (exact duplicates are already merged there). */
export function problemsOfValue(value: unknown, depth = 1, found = new Set<Problem>()): Set<Problem> {
  if (typeof value !== 'object' || value === null) return found;
  if (depth > MAX_JSON_DEPTH) found.add('depth');
  if (Array.isArray(value)) {
    for (const item of value) problemsOfValue(item, depth + 1, found);
    return found;
  }
  const seen = new Set<string>();
  for (const [name, v] of Object.entries(value)) {
    if (name === '__proto__') found.add('proto');
    const folded = name.toLowerCase();
    if (seen.has(folded)) found.add('duplicate');
    seen.add(folded);
    problemsOfValue(v, depth + 1, found);
  }
  return found;
}

/** JSON structural characters, to stress the member-name scanner inside strings. */
const structural = fc.constantFrom('{', '}', '[', ']', '"', '\\', ',', ':', 'a');

export const memberName: fc.Arbitrary<MemberName> = fc.record({
  name: fc.oneof(
    // Names that collide up to case or escapes, prototype names, letters whose lower case is another letter.
    fc.constantFrom('a', 'A', 'b', 'tid', 'TID', 'Tid', 'aud', '__proto__', '__PROTO__', 'constructor', 'toString', 'k', '\u212a', '\u00df', 'SS', '\u0130', 'i\u0307', ''),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: 'binary', maxLength: 4 }),
    fc.string({ unit: structural, maxLength: 6 }),
  ),
  escapes: fc.oneof(fc.constant(0), fc.nat()),
});

export const literal: fc.Arbitrary<JsonNode> = fc
  .oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.string({ maxLength: 10 }),
    fc.string({ unit: 'binary', maxLength: 6 }),
    fc.string({ unit: structural, maxLength: 8 }),
  )
  .map(lit);

export const tree = fc.letrec<{ node: JsonNode; obj: JsonNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 12 },
    literal,
    fc.array(tie('node'), { maxLength: 4 }).map((items): JsonNode => ({ t: 'arr', items })),
    tie('obj'),
  ),
  obj: fc.array(fc.tuple(memberName, tie('node')), { maxLength: 5 }).map((members): JsonNode => ({ t: 'obj', members })),
}));

/** `n` containers nested in one another (the outermost an object), around the number 1. */
export function nestedNode(n: number, arrays: boolean): JsonNode {
  return n === 0 ? lit(1) : { t: 'deep', n, arrays };
}
