/** Limits applied to every metadata and key-set request. */
export interface FetchLimits {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
}

/** A failed fetch, with a reason safe to publish in events (no URL parameters, no bodies). */
export class FetchJsonError extends Error {
  override readonly name = 'FetchJsonError';
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new FetchJsonError(`body larger than ${maxBytes} bytes`);
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FetchJsonError(`body larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function fetchAndParse(url: string, limits: FetchLimits, signal: AbortSignal): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await limits.fetch(url, { redirect: 'manual', signal, headers: { accept: 'application/json' } });
  } catch (err) {
    throw new FetchJsonError(signal.aborted ? `timed out after ${limits.timeoutMs} ms` : 'request failed', { cause: err });
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new FetchJsonError(`unexpected HTTP status ${response.status}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readCapped(response, limits.maxBodyBytes);
  } catch (err) {
    if (err instanceof FetchJsonError) throw err;
    throw new FetchJsonError(signal.aborted ? `timed out after ${limits.timeoutMs} ms` : 'body read failed', { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new FetchJsonError('body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FetchJsonError('body is not a JSON object');
  return value as Record<string, unknown>;
}

/**
 * GETs an https URL and parses a JSON object: no redirects (a 3xx is a failure, never followed),
 * status 200 only, one deadline covering headers and body, a body cap enforced while streaming.
 */
export async function fetchJsonObject(url: string, limits: FetchLimits): Promise<Record<string, unknown>> {
  if (!url.startsWith('https://')) throw new FetchJsonError('refusing a non-https URL');
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // The deadline does not trust the fetch to honour its signal: a custom fetch that ignores it
  // must not leave the single-flight refresh (and every request waiting on it) pending forever.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new FetchJsonError(`timed out after ${limits.timeoutMs} ms`));
    }, limits.timeoutMs);
  });
  try {
    return await Promise.race([fetchAndParse(url, limits, controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
