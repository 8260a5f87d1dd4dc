import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** An incoming request, read once: URL, query, parsed body and cookies. */
export interface EmulatorRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  /** Form fields (`application/x-www-form-urlencoded`); empty for other bodies. */
  readonly form: Readonly<Record<string, string>>;
  /** Parsed JSON body (`application/json`), else undefined. */
  readonly json: unknown;
  readonly cookies: Readonly<Record<string, string>>;
  /** `client-request-id` from the query or a header: MSAL and @azure/identity send one per call. */
  readonly correlationId: string | undefined;
  /** The `Origin` header, present on browser cross-origin calls. */
  readonly origin: string | undefined;
  /** Query and form together (form wins): authorize and logout accept both GET and POST. */
  readonly params: Readonly<Record<string, string>>;
}

const MAX_BODY = 1_048_576;

/** Thrown for requests the emulator cannot even parse. */
export class BadRequestError extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new BadRequestError('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// Repeated parameters keep the first value: duplicate OAuth parameters are an error in the
// spec, but Entra's leniency and MSAL's extra fields make "first wins" the safer reading.
function toRecord(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (!Object.hasOwn(out, k)) out[k] = v;
  return out;
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Reads and parses a request. */
export async function readRequest(req: IncomingMessage): Promise<EmulatorRequest> {
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const query = toRecord(url.searchParams);
  const method = (req.method ?? 'GET').toUpperCase();
  const raw = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
  const type = (header(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  let form: Record<string, string> = {};
  let json: unknown;
  if (raw.length > 0 && type === 'application/x-www-form-urlencoded') form = toRecord(new URLSearchParams(raw.toString('utf8')));
  if (raw.length > 0 && type === 'application/json') {
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new BadRequestError('the body is not valid JSON');
    }
  }
  return {
    method,
    path: url.pathname,
    query,
    headers: req.headers,
    form,
    json,
    cookies: parseCookies(header(req, 'cookie')),
    correlationId: query['client-request-id'] ?? header(req, 'client-request-id') ?? header(req, 'x-ms-client-request-id'),
    origin: header(req, 'origin'),
    params: { ...query, ...form },
  };
}
