/** What openid-client passes to a custom fetch (`CustomFetchOptions`). */
export interface OpenidFetchOptions {
  /** openid-client's `FetchBody`: string, URLSearchParams, bytes, stream or nothing. */
  readonly body?: unknown;
  readonly headers: Record<string, string>;
  readonly method: string;
  readonly redirect?: RequestRedirect;
  readonly signal?: AbortSignal | null | undefined;
}

/** Structurally openid-client's `CustomFetch`. */
export type OpenidCustomFetch = (url: string, options: OpenidFetchOptions) => Promise<Response>;

/** Adapts a trusting fetch to openid-client's `[customFetch]` signature. */
export function createOpenidFetch(fetcher: typeof fetch): OpenidCustomFetch {
  return (url, options) =>
    fetcher(url, {
      method: options.method,
      headers: options.headers,
      body: (options.body ?? null) as BodyInit | null,
      ...(options.redirect === undefined ? {} : { redirect: options.redirect }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
}
