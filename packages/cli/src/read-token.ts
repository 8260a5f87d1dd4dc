import { UsageError, type StdinSource } from './io.js';

/** Most bytes read from stdin; Entra tokens are far smaller (core refuses over 16 KiB). */
export const MAX_STDIN_BYTES = 64 * 1024;

const BEARER = /^bearer(?:\s+|$)/i;

async function readAll(source: StdinSource): Promise<string> {
  if (typeof source === 'string') return source;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    size += buf.length;
    if (size > MAX_STDIN_BYTES) throw new UsageError(`stdin holds more than ${MAX_STDIN_BYTES} bytes; expected one token`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Turns the `<token>` argument into a compact token: `-` reads it from stdin. Surrounding
 * whitespace and a leading `Bearer ` (as copied from an Authorization header) are removed.
 *
 * @throws UsageError when the token is empty or stdin is missing or too large.
 */
export async function readToken(argument: string, stdin: StdinSource | undefined): Promise<string> {
  let text = argument;
  if (argument === '-') {
    if (stdin === undefined) throw new UsageError('token "-" given but no stdin is available');
    text = await readAll(stdin);
  }
  const token = text.trim().replace(BEARER, '').trim();
  if (token.length === 0) throw new UsageError(argument === '-' ? 'no token on stdin' : 'the token argument is empty');
  return token;
}
