import { createPublicKey, verify } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturesDir, loadRealFixtures, type RealFixture } from './index.js';

const fixtures = loadRealFixtures();

/** Finds the fixture's key the way Entra validators do: by kid, else by x5t (old v1 headers). */
function keyFor(fixture: RealFixture): object | undefined {
  const id = fixture.header['kid'] ?? fixture.header['x5t'];
  return fixture.jwks.keys.find((k) => (k as { kid?: unknown }).kid === id || (k as { x5t?: unknown }).x5t === id);
}

function signatureVerifies(fixture: RealFixture): boolean {
  const jwk = keyFor(fixture);
  if (jwk === undefined) return false;
  const [h, p, s] = fixture.token.split('.');
  return verify('sha256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk as never, format: 'jwk' }), Buffer.from(s ?? '', 'base64url'));
}

describe('real Entra fixtures', () => {
  it('resolves the shared fixtures folder', () => {
    expect(existsSync(fixturesDir())).toBe(true);
  });

  it('loads 66 positive, 5 negative and 261 bulk fixtures', () => {
    expect(fixtures.positive).toHaveLength(66);
    expect(fixtures.negative).toHaveLength(5);
    expect(fixtures.bulk).toHaveLength(261);
  });

  it('gives every fixture a token, a key set, a clock and decoded parts', () => {
    for (const fixture of [...fixtures.positive, ...fixtures.negative, ...fixtures.bulk]) {
      expect(fixture.token.split('.'), fixture.file).toHaveLength(3);
      expect(fixture.jwks.keys.length, fixture.file).toBeGreaterThan(0);
      expect(Number.isInteger(fixture.clock), fixture.file).toBe(true);
      expect(typeof fixture.header['alg'], fixture.file).toBe('string');
    }
    for (const fixture of fixtures.negative) expect(fixture.expect, fixture.file).toMatch(/^reject/);
    for (const fixture of [...fixtures.positive, ...fixtures.bulk]) {
      expect(typeof fixture.exp, fixture.file).toBe('number');
      expect(fixture.clock, fixture.file).toBeLessThan(fixture.exp!);
      expect(typeof fixture.iss, fixture.file).toBe('string');
      expect(typeof fixture.aud, fixture.file).toBe('string');
    }
  });

  it('maps bulk entries to the shared key set with their own file reference', () => {
    const [first, second] = fixtures.bulk;
    expect(first?.file).toMatch(/^bulk\/.+\.json#0$/);
    expect(second?.file).toMatch(/#1$/);
    // Same keys, but each fixture gets its own copy so one test mutating it cannot affect another.
    expect(first?.jwks).toEqual(second?.jwks);
    expect(first?.jwks).not.toBe(second?.jwks);
  });

  it('positive and bulk signatures verify with node:crypto; negatives do not', () => {
    for (const fixture of [...fixtures.positive, ...fixtures.bulk]) expect(signatureVerifies(fixture), fixture.file).toBe(true);
    for (const fixture of fixtures.negative) expect(signatureVerifies(fixture), fixture.file).toBe(false);
  });
});
