import { describe, expect, it } from 'vitest';
import { HeaderMemo } from './header-memo.js';

describe('HeaderMemo', () => {
  it('answers what it was told, and nothing else', () => {
    const memo = new HeaderMemo();
    const selector = { kid: 'k1', x5t: undefined };
    expect(memo.get('eyJhbGciOiJSUzI1NiJ9')).toBeUndefined();
    memo.remember('eyJhbGciOiJSUzI1NiJ9', selector);
    expect(memo.get('eyJhbGciOiJSUzI1NiJ9')).toBe(selector);
    expect(memo.get('eyJhbGciOiJSUzI1NiJ8')).toBeUndefined();
  });
  it('holds at most 64 segments: the 65th starts it afresh', () => {
    const memo = new HeaderMemo();
    for (let i = 0; i < 64; i++) memo.remember(`h${i}`, { kid: `k${i}`, x5t: undefined });
    expect(memo.get('h0')?.kid).toBe('k0');
    expect(memo.get('h63')?.kid).toBe('k63');
    memo.remember('h64', { kid: 'k64', x5t: undefined });
    expect(memo.get('h0')).toBeUndefined();
    expect(memo.get('h63')).toBeUndefined();
    expect(memo.get('h64')?.kid).toBe('k64');
  });
});
