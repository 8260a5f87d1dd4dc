import type { AadstsName } from '../errors/aadsts.js';

/** A fault to inject (`POST /_emulator/faults` or `emu.injectFault`). */
export interface FaultSpec {
  /** Which requests it applies to. `path` is exact, or a prefix when it ends with `*`. Default: every request outside `/_emulator`. */
  readonly match?: { readonly method?: string; readonly path?: string };
  /** Respond with this status (and `body`/`headers`) instead of the real answer. */
  readonly status?: number;
  /** JSON value or string; default an empty body. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Respond with this row of the AADSTS table, in Entra's format. */
  readonly aadsts?: AadstsName;
  /** Wait this long first (then answer normally unless a response is also given). */
  readonly delayMs?: number;
  /** Destroy the connection without answering. */
  readonly reset?: boolean;
  /** How many matching requests it affects. Default: all, until cleared. */
  readonly times?: number;
}

interface ActiveFault {
  readonly id: number;
  readonly spec: FaultSpec;
  remaining: number;
}

/** Injected faults, consulted before routing. */
export class Faults {
  #next = 1;
  #faults: ActiveFault[] = [];

  add(spec: FaultSpec): number {
    if (spec.times !== undefined && (!Number.isInteger(spec.times) || spec.times < 1)) throw new TypeError('times must be a positive integer');
    const id = this.#next++;
    this.#faults.push({ id, spec, remaining: spec.times ?? Number.POSITIVE_INFINITY });
    return id;
  }

  /** The first fault matching the request, counted as used. */
  take(method: string, path: string): FaultSpec | undefined {
    const fault = this.#faults.find((f) => matches(f.spec, method, path));
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults = this.#faults.filter((f) => f !== fault);
    return fault.spec;
  }

  list(): readonly { readonly id: number; readonly spec: FaultSpec; readonly remaining: number | null }[] {
    return this.#faults.map((f) => ({ id: f.id, spec: f.spec, remaining: Number.isFinite(f.remaining) ? f.remaining : null }));
  }

  clear(): void {
    this.#faults = [];
  }
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  const m = spec.match;
  if (m?.method !== undefined && m.method.toUpperCase() !== method) return false;
  if (m?.path === undefined) return true;
  return m.path.endsWith('*') ? path.startsWith(m.path.slice(0, -1)) : path === m.path;
}
