/** One recorded request, secrets masked. */
export interface LoggedRequest {
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, string>> | undefined;
  status: number | undefined;
}

const SECRET_FIELDS = new Set(['client_secret', 'client_assertion', 'assertion', 'refresh_token', 'code', 'code_verifier', 'passwd', 'password', 'device_code']);
const SECRET_HEADERS = new Set(['authorization', 'cookie']);
const LIMIT = 1000;

/** Keeps the first characters so a test can still tell two values apart. */
export function mask(value: string): string {
  return value.length <= 8 ? '***' : `${value.slice(0, 6)}…(${value.length})`;
}

function maskFields(fields: Readonly<Record<string, string>>, secret: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, secret.has(k.toLowerCase()) ? mask(v) : v]));
}

/**
 * The last requests the emulator received (`GET /_emulator/requests`): what let the spec's
 * prototype discover MSAL's exact parameters, and what tests assert on.
 */
export class RequestLog {
  #entries: LoggedRequest[] = [];

  record(entry: Omit<LoggedRequest, 'headers' | 'body' | 'status'> & { headers: Record<string, string>; body: Record<string, string> | undefined }): LoggedRequest {
    const logged: LoggedRequest = {
      ...entry,
      query: maskFields(entry.query, SECRET_FIELDS),
      headers: maskFields(entry.headers, SECRET_HEADERS),
      body: entry.body === undefined ? undefined : maskFields(entry.body, SECRET_FIELDS),
      status: undefined,
    };
    this.#entries.push(logged);
    if (this.#entries.length > LIMIT) this.#entries.shift();
    return logged;
  }

  list(filter: { readonly pathPrefix?: string; readonly method?: string } = {}): readonly LoggedRequest[] {
    return this.#entries.filter(
      (e) => (filter.pathPrefix === undefined || e.path.startsWith(filter.pathPrefix)) && (filter.method === undefined || e.method === filter.method.toUpperCase()),
    );
  }

  clear(): void {
    this.#entries = [];
  }
}
