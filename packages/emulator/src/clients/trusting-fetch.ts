import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';

/** A `fetch` that trusts the emulator's CA, and the means to release its connections. */
export interface TrustingFetch {
  readonly fetch: typeof fetch;
  close(): void;
}

const NULL_BODY = new Set([101, 204, 205, 304]);
const REDIRECT = new Set([301, 302, 303, 307, 308]);

async function bodyBytes(body: BodyInit | null | undefined, headers: Headers): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') {
    if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
    return Buffer.from(body);
  }
  if (body instanceof URLSearchParams) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    return Buffer.from(body.toString());
  }
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Blob, FormData, streams: let the platform serialise them.
  const r = new Response(body);
  const type = r.headers.get('content-type');
  if (type !== null && !headers.has('content-type')) headers.set('content-type', type);
  return Buffer.from(await r.arrayBuffer());
}

function send(url: URL, method: string, headers: Headers, body: Buffer | undefined, agent: Agent, signal: AbortSignal | undefined): Promise<{ res: IncomingMessage; data: Buffer }> {
  return new Promise((resolve, reject) => {
    const options = { method, headers: Object.fromEntries(headers), signal, ...(url.protocol === 'https:' ? { agent } : {}) };
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ res, data: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Creates a `fetch` that trusts exactly one extra CA (the emulator's), built on node:https
 * because the global fetch cannot be given a CA without a dispatcher from the npm undici. It
 * returns the global `Response`, so openid-client's `instanceof Response` checks pass. `rewrite`
 * maps URLs before sending: impersonation mode routes login.microsoftonline.com to the emulator.
 */
export function createTrustingFetch(caPem: string, rewrite: (url: URL) => URL = (u) => u): TrustingFetch {
  const agent = new Agent({ ca: caPem, keepAlive: true });
  const trustingFetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const request = typeof input === 'object' && !(input instanceof URL) ? input : undefined;
    let url = new URL(request?.url ?? String(input));
    let method = (init.method ?? request?.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers ?? request?.headers);
    let body = await bodyBytes(init.body ?? (request !== undefined && method !== 'GET' && method !== 'HEAD' ? await request.arrayBuffer() : undefined), headers);
    const mode = init.redirect ?? request?.redirect ?? 'follow';
    const signal = init.signal ?? request?.signal ?? undefined;
    for (let hops = 0; ; hops++) {
      const { res, data } = await send(rewrite(url), method, headers, body, agent, signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECT.has(status) && location !== undefined && mode !== 'manual') {
        if (mode === 'error') throw new TypeError(`redirect to ${location} refused (redirect: "error")`);
        if (hops >= 20) throw new TypeError('too many redirects');
        url = new URL(location, url);
        if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          headers.delete('content-type');
        }
        continue;
      }
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        for (const v of Array.isArray(value) ? value : [value ?? '']) responseHeaders.append(name, v);
      }
      const response = new Response(NULL_BODY.has(status) ? null : new Uint8Array(data), { status, statusText: res.statusMessage ?? '', headers: responseHeaders });
      Object.defineProperty(response, 'url', { value: url.href });
      return response;
    }
  };
  return { fetch: trustingFetch as typeof fetch, close: () => agent.destroy() };
}
