import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { crossSiteReason } from './same-origin.js';

const ORIGIN = 'http://127.0.0.1:3000';
const request = (headers: Record<string, string>): Request => ({ get: (name: string) => headers[name.toLowerCase()] }) as unknown as Request;

describe('crossSiteReason', () => {
  it('lets the page through', () => {
    expect(crossSiteReason(request({ 'x-requested-with': 'fetch' }), ORIGIN)).toBeUndefined();
    expect(crossSiteReason(request({ 'x-requested-with': 'fetch', origin: ORIGIN, 'sec-fetch-site': 'same-origin' }), ORIGIN)).toBeUndefined();
  });

  it('refuses forms, other origins and cross-site fetches', () => {
    expect(crossSiteReason(request({ origin: ORIGIN }), ORIGIN)).toMatch(/x-requested-with/);
    expect(crossSiteReason(request({ 'x-requested-with': 'fetch', origin: 'http://127.0.0.1:4000' }), ORIGIN)).toMatch(/origin/);
    expect(crossSiteReason(request({ 'x-requested-with': 'fetch', 'sec-fetch-site': 'same-site' }), ORIGIN)).toMatch(/same-site/);
  });
});
