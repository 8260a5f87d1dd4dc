import { describe, expect, it } from 'vitest';
import { toJson } from './to-json.js';

describe('toJson', () => {
  it('turns sets into arrays and undefined members into null, on one line', () => {
    const iterableWithToJson = { toJSON: () => ['b'] };
    expect(toJson({ a: new Set(['x', 'y']), b: iterableWithToJson, c: undefined, d: 1 })).toBe('{"a":["x","y"],"b":["b"],"c":null,"d":1}');
  });
});
