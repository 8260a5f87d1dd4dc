import { connect } from 'node:net';

/** A response as the conformance suite compares it. */
export interface HttpResult {
  readonly status: number;
  /** Lower-cased names; repeated headers joined with `, ` in arrival order. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body decoded as UTF-8 (de-chunked when the response was chunked). */
  readonly body: string;
}

/** A request written to the socket exactly as given. */
export interface RawRequest {
  readonly method: string;
  /** Request target, e.g. `/orders?x=1`; written as is (not percent-encoded). */
  readonly path: string;
  /**
   * Header lines without the line break, e.g. `Authorization: Bearer x`. Written byte-for-byte
   * as latin1 (one byte per UTF-16 code unit: encode UTF-8 first with {@link utf8AsLatin1}).
   * `Host` and `Connection: close` are added unless present; `Content-Length` is added for a
   * body unless present.
   */
  readonly headerLines: readonly string[];
  readonly body?: string;
  /** Default 5 000 ms. */
  readonly timeoutMs?: number;
}

/** An ordinary request sent with the global `fetch`. */
export interface FetchRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Default 5 000 ms. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;

/** The latin1 string whose bytes are the UTF-8 encoding of `text` (for {@link RawRequest.headerLines}). */
export function utf8AsLatin1(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

function hasHeader(lines: readonly string[], name: string): boolean {
  const prefix = `${name.toLowerCase()}:`;
  return lines.some((l) => l.trimStart().toLowerCase().startsWith(prefix));
}

function serialise(url: URL, req: RawRequest): Buffer {
  const lines = [`${req.method} ${req.path} HTTP/1.1`];
  if (!hasHeader(req.headerLines, 'host')) lines.push(`Host: ${url.host}`);
  if (!hasHeader(req.headerLines, 'connection')) lines.push('Connection: close');
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
  if (body !== undefined && !hasHeader(req.headerLines, 'content-length') && !hasHeader(req.headerLines, 'transfer-encoding')) {
    lines.push(`Content-Length: ${body.length}`);
  }
  lines.push(...req.headerLines);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return body === undefined ? head : Buffer.concat([head, body]);
}

function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < raw.length) {
    const eol = raw.indexOf('\r\n', at, 'latin1');
    if (eol < 0) break;
    const size = Number.parseInt(raw.subarray(at, eol).toString('latin1').split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Parses a complete HTTP/1.1 response (the connection was closed by the server). */
export function parseRawResponse(raw: Buffer): HttpResult {
  const split = raw.indexOf('\r\n\r\n', 0, 'latin1');
  if (split < 0) throw new Error(`incomplete HTTP response (${raw.length} bytes)`);
  const [statusLine = '', ...headerLines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!status) throw new Error(`not an HTTP response: ${JSON.stringify(statusLine.slice(0, 80))}`);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let body = raw.subarray(split + 4);
  if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { status: Number(status[1]), headers, body: body.toString('utf8') };
}

/**
 * Sends one request over a fresh TCP connection, byte-for-byte, and reads the response until
 * the server closes the connection. Rejects on timeout (the socket is destroyed either way).
 */
export function rawRequest(baseUrl: string, req: RawRequest): Promise<HttpResult> {
  const url = new URL(baseUrl);
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise<HttpResult>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const finish = (err: Error | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err !== undefined) {
        reject(err);
        return;
      }
      try {
        resolve(parseRawResponse(Buffer.concat(chunks)));
      } catch (parseError) {
        reject(parseError as Error);
      }
    };
    const timer = setTimeout(() => finish(new Error(`raw request ${req.method} ${req.path} timed out after ${timeoutMs} ms`)), timeoutMs);
    socket.on('connect', () => socket.write(serialise(url, req)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => finish(undefined));
    socket.on('close', () => finish(undefined));
    socket.on('error', (err) => {
      // The server may answer (431, 400) and reset the connection before we finished writing.
      if (chunks.length > 0) finish(undefined);
      else finish(err);
    });
  });
}

/** Sends an ordinary request with the global `fetch` (redirects are not followed). */
export async function httpRequest(baseUrl: string, req: FetchRequest): Promise<HttpResult> {
  const init: RequestInit = {
    method: req.method,
    headers: { ...req.headers },
    redirect: 'manual',
    signal: AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  };
  if (req.body !== undefined) init.body = req.body;
  const response = await fetch(new URL(req.path, baseUrl), init);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}
