/** What MSAL passes to a network client (`NetworkRequestOptions` in @azure/msal-common). */
export interface MsalNetworkRequestOptions {
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** What MSAL expects back (`NetworkResponse<T>`). */
export interface MsalNetworkResponse<T> {
  headers: Record<string, string>;
  body: T;
  status: number;
}

/** Structurally MSAL's `INetworkModule`, so this package needs no MSAL dependency. */
export interface MsalNetworkClient {
  sendGetRequestAsync<T>(url: string, options?: MsalNetworkRequestOptions, timeout?: number): Promise<MsalNetworkResponse<T>>;
  sendPostRequestAsync<T>(url: string, options?: MsalNetworkRequestOptions): Promise<MsalNetworkResponse<T>>;
}

async function toMsal<T>(response: Response): Promise<MsalNetworkResponse<T>> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text.length === 0 ? {} : JSON.parse(text);
  } catch {
    // MSAL only understands JSON; an HTML error page becomes an object it reports as an error.
    body = { error: 'invalid_response', error_description: text.slice(0, 500) };
  }
  return { headers: Object.fromEntries(response.headers), body: body as T, status: response.status };
}

/** An MSAL network client over a fetch that trusts the emulator (spec §7.5: `system.networkClient`). */
export function createMsalNetworkClient(fetcher: typeof fetch): MsalNetworkClient {
  return {
    async sendGetRequestAsync<T>(url: string, options?: MsalNetworkRequestOptions): Promise<MsalNetworkResponse<T>> {
      return toMsal<T>(await fetcher(url, { headers: options?.headers ?? {} }));
    },
    async sendPostRequestAsync<T>(url: string, options?: MsalNetworkRequestOptions): Promise<MsalNetworkResponse<T>> {
      return toMsal<T>(await fetcher(url, { method: 'POST', headers: options?.headers ?? {}, ...(options?.body === undefined ? {} : { body: options.body }) }));
    },
  };
}

/** MSAL `auth` options the helper fills in, plus the tenant to build the authority from. */
export interface MsalAuthInput {
  readonly clientId: string;
  /** Tenant id, domain, `common` or `organizations`. Default: the first tenant. */
  readonly tenant?: string;
}

/** The configuration `msalConfig` returns: pass it to `new ConfidentialClientApplication(...)` / `PublicClientApplication`. */
export interface MsalConfiguration<A> {
  readonly auth: Omit<A, 'tenant'> & { readonly authority: string; readonly knownAuthorities: string[] };
  readonly system: { readonly networkClient: MsalNetworkClient };
}
