import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from './io.js';
import { MAX_STDIN_BYTES, readToken } from './read-token.js';

describe('readToken', () => {
  it('trims the argument and strips a Bearer prefix', async () => {
    expect(await readToken(' a.b.c \n', undefined)).toBe('a.b.c');
    expect(await readToken('Bearer a.b.c', undefined)).toBe('a.b.c');
    expect(await readToken('bearer   a.b.c', undefined)).toBe('a.b.c');
  });

  it('reads "-" from a string or a stream', async () => {
    expect(await readToken('-', 'Bearer x.y.z\n')).toBe('x.y.z');
    expect(await readToken('-', Readable.from(['x.', Buffer.from('y.z'), '\r\n']))).toBe('x.y.z');
  });

  it('refuses an empty token, missing stdin and oversized input', async () => {
    await expect(readToken('  ', undefined)).rejects.toThrow(UsageError);
    await expect(readToken('Bearer ', undefined)).rejects.toThrow(UsageError);
    await expect(readToken('-', undefined)).rejects.toThrow(UsageError);
    await expect(readToken('-', Readable.from([Buffer.alloc(MAX_STDIN_BYTES + 1, 97)]))).rejects.toThrow(/more than/);
  });
});
