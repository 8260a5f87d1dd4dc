/** Structurally core-rest-pipeline's `HttpHeaders`. */
export interface PipelineHeaders {
  get(name: string): string | undefined;
  has(name: string): boolean;
  set(name: string, value: string | number | boolean): void;
  delete(name: string): void;
  toJSON(options?: { preserveCase?: boolean }): Record<string, string>;
  [Symbol.iterator](): Iterator<[string, string]>;
}

/** Structurally @azure/abort-controller's `AbortSignalLike`. */
export interface AbortSignalLikeShape {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: (this: AbortSignalLikeShape, ev: unknown) => unknown, options?: unknown): void;
  removeEventListener(type: 'abort', listener: (this: AbortSignalLikeShape, ev: unknown) => unknown, options?: unknown): void;
}

/** The members of core-rest-pipeline's `PipelineRequest` the client reads. */
export interface PipelineRequestLike {
  url: string;
  method: string;
  headers: PipelineHeaders;
  body?: unknown;
  abortSignal?: AbortSignalLikeShape | undefined;
}

// The pipeline's signal is only "like" an AbortSignal; fetch needs a real one.
function toAbortSignal(like: AbortSignalLikeShape | undefined): AbortSignal | undefined {
  if (like === undefined) return undefined;
  const controller = new AbortController();
  if (like.aborted) controller.abort();
  else like.addEventListener('abort', () => controller.abort());
  return controller.signal;
}

/** Structurally `PipelineResponse`. */
export interface PipelineResponseLike<R extends PipelineRequestLike = PipelineRequestLike> {
  request: R;
  status: number;
  headers: PipelineHeaders;
  bodyAsText?: string | null;
}

/** Structurally core-rest-pipeline's `HttpClient`: the `httpClient` option of every @azure/identity credential. */
export interface IdentityHttpClient {
  sendRequest<R extends PipelineRequestLike>(request: R): Promise<PipelineResponseLike<R>>;
}

function createHeaders(source: Iterable<[string, string]>): PipelineHeaders {
  const map = new Map<string, { name: string; value: string }>();
  for (const [name, value] of source) map.set(name.toLowerCase(), { name, value });
  return {
    get: (name) => map.get(name.toLowerCase())?.value,
    has: (name) => map.has(name.toLowerCase()),
    set: (name, value) => void map.set(name.toLowerCase(), { name, value: String(value) }),
    delete: (name) => void map.delete(name.toLowerCase()),
    toJSON: (options) => Object.fromEntries([...map.entries()].map(([k, v]) => [options?.preserveCase === true ? v.name : k, v.value])),
    [Symbol.iterator]: () => [...map.entries()].map(([k, v]): [string, string] => [k, v.value])[Symbol.iterator](),
  };
}

/**
 * An @azure/identity `httpClient` over a fetch that trusts the emulator (spec §7.5), so
 * credentials work without NODE_EXTRA_CA_CERTS. Token requests carry string bodies; other
 * body kinds are not needed by the credentials.
 */
export function createIdentityHttpClient(fetcher: typeof fetch): IdentityHttpClient {
  return {
    async sendRequest<R extends PipelineRequestLike>(request: R): Promise<PipelineResponseLike<R>> {
      const body = typeof request.body === 'string' ? request.body : undefined;
      const response = await fetcher(request.url, {
        method: request.method,
        headers: request.headers.toJSON({ preserveCase: true }),
        ...(body === undefined ? {} : { body }),
        ...(request.abortSignal === undefined ? {} : { signal: toAbortSignal(request.abortSignal) ?? null }),
      });
      return { request, status: response.status, headers: createHeaders(response.headers), bodyAsText: await response.text() };
    },
  };
}
