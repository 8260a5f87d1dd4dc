import { describe, expect, it } from 'vitest';
import { createSealer } from './seal.js';

const SECRET = 'a-cookie-secret-of-at-least-32-characters';

describe('createSealer', () => {
  it('round-trips a value and hides it', () => {
    const sealer = createSealer(SECRET, 'session');
    const sealed = sealer.seal({ refreshToken: '1.Asecret-refresh-token' }, 60);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('secret-refresh-token');
    expect(sealer.open(sealed)).toEqual({ refreshToken: '1.Asecret-refresh-token' });
    expect(sealer.seal('x', 60)).not.toBe(sealer.seal('x', 60));
  });

  it('refuses altered, foreign, expired and malformed values', () => {
    let now = 1_700_000_000_000;
    const sealer = createSealer(SECRET, 'session', () => now);
    const sealed = sealer.seal('value', 60);
    const raw = Buffer.from(sealed, 'base64url');
    for (const index of [0, 5, raw.length - 1, Math.floor(raw.length / 2)]) {
      const altered = Buffer.from(raw);
      altered[index] = (altered[index] ?? 0) ^ 0x01;
      expect(sealer.open(altered.toString('base64url'))).toBeUndefined();
    }
    expect(createSealer(SECRET, 'signin', () => now).open(sealed)).toBeUndefined();
    expect(createSealer(`${SECRET}!`, 'session', () => now).open(sealed)).toBeUndefined();
    for (const junk of [undefined, '', 'not base64!', 'AAAA', 'x'.repeat(9000)]) expect(sealer.open(junk)).toBeUndefined();
    now += 59_000;
    expect(sealer.open(sealed)).toBe('value');
    now += 1_000;
    expect(sealer.open(sealed)).toBeUndefined();
  });
});
