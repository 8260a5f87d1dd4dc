import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';

/** A `fetch` that trusts one extra CA, and the means to release its connections. */
export interface TrustingFetch {
  readonly fetch: typeof fetch;
  /** Destroys the pooled connections; the fetch must not be used afterwards. */
  close(): Promise<void>;
}

/** Copies what a global `Request` carries, because undici's `fetch` only recognises its own `Request` class. */
async function initFromRequest(request: Request): Promise<RequestInit> {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return {
    method: request.method,
    headers: [...request.headers],
    redirect: request.redirect,
    signal: request.signal,
    ...(hasBody ? { body: await request.arrayBuffer() } : {}),
  };
}

/**
 * Creates a `fetch` that trusts `caPem` in addition to nothing else — it is for talking to a
 * local test server, not the internet. It is undici's own `fetch` with an `Agent` whose TLS
 * `ca` is the test CA, passed as `dispatcher`: the global `fetch` cannot be given a CA, and
 * mixing the npm undici's dispatcher with Node's bundled fetch is not supported. Everything in
 * the caller's `init` (`redirect`, `signal`, `headers`, `method`, ...) is passed on unchanged.
 *
 * The `Response` it resolves to is undici's class: it behaves like the global one but is not
 * `instanceof Response`.
 */
export function createTrustingFetch(caPem: string): TrustingFetch {
  const agent = new Agent({ connect: { ca: caPem } });
  const trustingFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const isRequest = typeof input === 'object' && !(input instanceof URL);
    const url = isRequest ? input.url : input;
    const fromRequest = isRequest ? await initFromRequest(input) : {};
    // The DOM and undici type the same init members differently; the values are compatible at runtime.
    const undiciInit = { ...fromRequest, ...init, dispatcher: agent } as unknown as UndiciRequestInit;
    return (await undiciFetch(url, undiciInit)) as unknown as Response;
  };
  return {
    fetch: trustingFetch as typeof fetch,
    close: () => agent.destroy(),
  };
}
