import { describe, expect, it } from 'vitest';
import { user } from '../policy/principal.test-helper.js';
import { ValidatedTokenCache } from './token-cache.js';

const p = user(); // expiresAt 1_800_003_600
const at = (s: number) => s * 1000;

describe('ValidatedTokenCache', () => {
  it('hits within the lifetime and never beyond exp plus skew', () => {
    const c = new ValidatedTokenCache('profile', 300);
    c.set(c.key('tok'), p, 'k1', at(1_800_000_000));
    expect(c.get(c.key('tok'), at(1_800_003_899), () => true)).toBe(p);
    expect(c.get(c.key('tok'), at(1_800_003_900), () => true)).toBeUndefined();
    expect(c.size).toBe(0);
  });
  it('drops an entry whose signing key is gone', () => {
    const c = new ValidatedTokenCache('profile', 300);
    c.set(c.key('tok'), p, 'k1', at(1_800_000_000));
    expect(c.get(c.key('tok'), at(1_800_000_001), (kid) => kid !== 'k1')).toBeUndefined();
    expect(c.size).toBe(0);
  });
  it('keys entries by profile as well as token', () => {
    const a = new ValidatedTokenCache('api-a', 300);
    a.set(a.key('tok'), p, 'k1', at(1_800_000_000));
    expect(a.get(a.key('tok2'), at(1_800_000_000), () => true)).toBeUndefined();
    const b = new ValidatedTokenCache('api-b', 300);
    expect(b.get(b.key('tok'), at(1_800_000_000), () => true)).toBeUndefined();
  });
  it('is bounded and skips already-expired tokens', () => {
    const c = new ValidatedTokenCache('p', 0, { maxEntries: 2 });
    for (const t of ['a', 'b', 'c']) c.set(c.key(t), p, 'k', at(1_800_000_000));
    expect(c.size).toBe(2);
    c.set(c.key('late'), p, 'k', at(1_800_003_600));
    expect(c.get(c.key('late'), at(1_800_003_600), () => true)).toBeUndefined();
    expect(() => new ValidatedTokenCache('p', 0, { maxEntries: 0 })).toThrow(TypeError);
  });
});
