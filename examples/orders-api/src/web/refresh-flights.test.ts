import { describe, expect, it } from 'vitest';
import { createRefreshFlights } from './refresh-flights.js';

describe('createRefreshFlights', () => {
  it('runs one grant for concurrent and just-later requests with the same refresh token', async () => {
    let now = 0;
    const flights = createRefreshFlights<string>(10_000, () => now);
    let calls = 0;
    const work = async () => `result-${++calls}`;
    const [a, b] = await Promise.all([flights.run('rt-1', work), flights.run('rt-1', work)]);
    expect([a, b, calls]).toEqual(['result-1', 'result-1', 1]);
    now = 9_000;
    expect(await flights.run('rt-1', work)).toBe('result-1');
    expect(await flights.run('rt-2', work)).toBe('result-2');
    now = 20_000;
    expect(await flights.run('rt-1', work)).toBe('result-3');
  });

  it('does not remember failures', async () => {
    const flights = createRefreshFlights<string>();
    await expect(flights.run('rt', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await flights.run('rt', async () => 'ok')).toBe('ok');
  });
});
