// authenticateMaybeSync: the principal itself when nothing has to be waited for, a promise when
// something does, the same principal and the same refusals as authenticate() either way, and
// exactly one "rejected" event per refusal however it surfaces.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHANNELS,
  createEntraGuard,
  InMemoryRevocationStore,
  isEntraGuardError,
  type EntraGuard,
  type EntraGuardOptions,
  type Principal,
  type RejectedEvent,
  type RevocationStore,
} from '@entra-guard/core';
import { createSigningKeys, mintAccessToken, type SigningKey } from '@entra-guard/test-support';

const T = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const OTHER = 'bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const C = '11111111-2222-4333-8444-555555555555';
const ORIGIN = 'https://login.microsoftonline.com';
const NOW = 1_800_000_000_000;
let key: SigningKey;
const guards: EntraGuard[] = [];

function guard(extra: Partial<EntraGuardOptions> = {}): EntraGuard {
  const jwk = { ...key.jwk, issuer: `${ORIGIN}/{tenantid}/v2.0` };
  const g = createEntraGuard({ clientId: C, tenancy: { mode: 'single', tenantId: T }, keys: { jwks: { keys: [jwk] } }, now: () => NOW, ...extra });
  guards.push(g);
  return g;
}

const mint = (claims: Record<string, unknown> = {}, tenantId = T): string =>
  mintAccessToken({ key, issuerOrigin: ORIGIN, tenantId, audience: C, now: Math.floor(NOW / 1000), claims });

const isPromise = (value: unknown): value is Promise<unknown> => value instanceof Promise;

// Runs fn with every "rejected" event collected, and returns them.
async function rejectedEvents(fn: () => Promise<void>): Promise<RejectedEvent[]> {
  const events: RejectedEvent[] = [];
  const listener = (message: unknown): void => {
    events.push(message as RejectedEvent);
  };
  subscribe(CHANNELS.rejected, listener);
  try {
    await fn();
  } finally {
    unsubscribe(CHANNELS.rejected, listener);
  }
  return events;
}

// The error a maybe-sync call refuses with, and whether it was thrown at once or rejected later.
async function refusal(call: () => Principal | Promise<Principal>): Promise<{ code: string; when: 'thrown' | 'rejected' }> {
  let result: Principal | Promise<Principal>;
  try {
    result = call();
  } catch (err) {
    if (!isEntraGuardError(err)) throw err;
    return { code: err.code, when: 'thrown' };
  }
  if (!isPromise(result)) throw new Error('expected a refusal, got a principal');
  try {
    await result;
  } catch (err) {
    if (!isEntraGuardError(err)) throw err;
    return { code: err.code, when: 'rejected' };
  }
  throw new Error('expected a refusal, the promise fulfilled');
}

beforeAll(async () => {
  [key] = (await createSigningKeys(1)) as [SigningKey];
});
afterAll(() => guards.forEach((g) => g.close()));

describe('authenticateMaybeSync returns the principal itself', () => {
  it('for a first-seen token when the key is held, then for the cached token', () => {
    const g = guard();
    const token = mint();
    const first = g.authenticateMaybeSync(`Bearer ${token}`);
    expect(isPromise(first)).toBe(false);
    expect((first as Principal).tenantId).toBe(T);
    // A cache hit returns the very same frozen principal.
    expect(g.authenticateMaybeSync(`Bearer ${token}`)).toBe(first);
    expect(g.authenticateMaybeSync([`Bearer ${token}`])).toBe(first);
  });
  it('without a token cache, and with a revocation store that answers synchronously', () => {
    const token = mint();
    expect(isPromise(guard({ tokenCache: false }).authenticateMaybeSync(`Bearer ${token}`))).toBe(false);
    expect(isPromise(guard({ revocation: new InMemoryRevocationStore({ now: () => NOW }) }).authenticateMaybeSync(`Bearer ${token}`))).toBe(false);
  });
  it('for header spellings the fast lookup does not take (scheme case, extra spaces), once validated', () => {
    const g = guard();
    const token = mint();
    const principal = g.authenticateMaybeSync(`Bearer ${token}`);
    for (const header of [`bearer ${token}`, `BEARER   ${token}`, ` Bearer ${token} `]) {
      expect(g.authenticateMaybeSync(header), header).toBe(principal);
    }
  });
});

describe('authenticateMaybeSync returns a promise when it has to wait', () => {
  it('for an asynchronous allowedTenants predicate, then answers synchronously from its decision', async () => {
    let asked = 0;
    const g = guard({
      tenancy: {
        mode: 'multi',
        allowedTenants: async (tid: string) => {
          asked += 1;
          return tid === T;
        },
      },
      tokenCache: false,
    });
    const token = mint();
    const first = g.authenticateMaybeSync(`Bearer ${token}`);
    expect(isPromise(first)).toBe(true);
    expect((await first).tenantId).toBe(T);
    expect(isPromise(g.authenticateMaybeSync(`Bearer ${token}`))).toBe(false);
    expect(asked).toBe(1);
  });
  it('for a revocation store that answers with a promise', async () => {
    const store: RevocationStore = { check: async () => ({ revoked: false }) };
    const result = guard({ revocation: store }).authenticateMaybeSync(`Bearer ${mint()}`);
    expect(isPromise(result)).toBe(true);
    expect((await result).kind).toBe('user');
  });
});

describe('refusals', () => {
  it('are thrown at once when known at once, with the codes authenticate() rejects with', async () => {
    const g = guard();
    const token = mint();
    const cases: Array<[string | readonly string[] | undefined, string]> = [
      [undefined, 'EG_REQUEST_MISSING_TOKEN'],
      ['Basic dXNlcjpwYXNz', 'EG_REQUEST_MISSING_TOKEN'],
      ['Bearer  ', 'EG_REQUEST_MISSING_TOKEN'],
      [`Bearer ${token} extra`, 'EG_REQUEST_MALFORMED_AUTHORIZATION'],
      [[`Bearer ${token}`, `Bearer ${token}`], 'EG_REQUEST_DUPLICATE_CREDENTIALS'],
      ['Bearer not.a.token', 'EG_TOKEN_MALFORMED'],
      [`Bearer ${mint({}, OTHER)}`, 'EG_TENANT_NOT_ALLOWED'],
      [`Bearer ${token.slice(0, -4)}AAAA`, 'EG_SIGNATURE_INVALID'],
    ];
    for (const [header, code] of cases) {
      expect(await refusal(() => g.authenticateMaybeSync(header)), code).toEqual({ code, when: 'thrown' });
      const viaPromise = await g.authenticate(header).then(
        () => 'accepted',
        (err: { code: string }) => err.code,
      );
      expect(viaPromise, code).toBe(code);
    }
  });
  it('a revoked token is refused on a cache hit too, synchronously', async () => {
    const store = new InMemoryRevocationStore({ now: () => NOW });
    const g = guard({ revocation: store });
    const token = mint();
    const principal = g.authenticateMaybeSync(`Bearer ${token}`) as Principal;
    store.revokeUser(principal.tenantId, principal.objectId!, Math.floor(NOW / 1000) + 10);
    expect(await refusal(() => g.authenticateMaybeSync(`Bearer ${token}`))).toEqual({ code: 'EG_TOKEN_REVOKED', when: 'thrown' });
  });
  it('a store that throws or rejects is 503 EG_REVOCATION_UNAVAILABLE, thrown or rejected accordingly', async () => {
    const throwing: RevocationStore = {
      check: () => {
        throw new Error('down');
      },
    };
    const rejecting: RevocationStore = { check: () => Promise.reject(new Error('down')) };
    expect(await refusal(() => guard({ revocation: throwing }).authenticateMaybeSync(`Bearer ${mint()}`))).toEqual({ code: 'EG_REVOCATION_UNAVAILABLE', when: 'thrown' });
    expect(await refusal(() => guard({ revocation: rejecting }).authenticateMaybeSync(`Bearer ${mint()}`))).toEqual({ code: 'EG_REVOCATION_UNAVAILABLE', when: 'rejected' });
  });
  it('a predicate refusing the tenant rejects (it was awaited)', async () => {
    const g = guard({ tenancy: { mode: 'multi', allowedTenants: async () => false } });
    expect(await refusal(() => g.authenticateMaybeSync(`Bearer ${mint()}`))).toEqual({ code: 'EG_TENANT_NOT_ALLOWED', when: 'rejected' });
  });
  it('publish exactly one "rejected" event each, thrown or rejected, through either method', async () => {
    const g = guard({ tenancy: { mode: 'multi', allowedTenants: async () => false } });
    const h = guard();
    const events = await rejectedEvents(async () => {
      await refusal(() => h.authenticateMaybeSync('Bearer x.y.z'));
      await refusal(() => g.authenticateMaybeSync(`Bearer ${mint()}`));
      await h.authenticate('Bearer x.y.z').catch(() => undefined);
      await g.validateToken(mint()).catch(() => undefined);
    });
    expect(events.map((e) => e.code)).toEqual(['EG_TOKEN_MALFORMED', 'EG_TENANT_NOT_ALLOWED', 'EG_TOKEN_MALFORMED', 'EG_TENANT_NOT_ALLOWED']);
  });
  it('authenticate() and validateToken() never throw synchronously, whatever they are given', async () => {
    const g = guard();
    for (const input of [undefined, null, 42, {}, 'Bearer', ['a', 'b']]) {
      const p = g.authenticate(input as never);
      expect(p).toBeInstanceOf(Promise);
      await p.catch(() => undefined);
      const q = g.validateToken(input as never);
      expect(q).toBeInstanceOf(Promise);
      await q.catch(() => undefined);
    }
  });
});

describe('the header memo (a repeated header segment is not parsed or checked again)', () => {
  it('never remembers a refused header: the same refusal every time', async () => {
    const g = guard({ tokenCache: false });
    const bad = mintAccessToken({ key, issuerOrigin: ORIGIN, tenantId: T, audience: C, now: Math.floor(NOW / 1000), header: { jku: 'https://evil.example/keys' } });
    for (let i = 0; i < 3; i++) expect(await refusal(() => g.authenticateMaybeSync(`Bearer ${bad}`))).toEqual({ code: 'EG_TOKEN_HEADER_REFUSED', when: 'thrown' });
  });
  it('a known header does not vouch for the rest: a tampered payload or signature is still refused', async () => {
    const g = guard({ tokenCache: false });
    const token = mint();
    expect(isPromise(g.authenticateMaybeSync(`Bearer ${token}`))).toBe(false);
    const [h, p, s] = token.split('.') as [string, string, string];
    const other = mint({ roles: ['Orders.Admin'] }).split('.')[1]!;
    expect(await refusal(() => g.authenticateMaybeSync(`Bearer ${h}.${other}.${s}`))).toEqual({ code: 'EG_SIGNATURE_INVALID', when: 'thrown' });
    expect(await refusal(() => g.authenticateMaybeSync(`Bearer ${h}.${p}.${Buffer.from(s, 'base64url').subarray(1).toString('base64url')}`))).toEqual({ code: 'EG_SIGNATURE_INVALID', when: 'thrown' });
    // 342 characters: the last one carries 4 unused bits, which must be zero ("B" sets one).
    expect(s.length % 4).toBe(2);
    expect(await refusal(() => g.authenticateMaybeSync(`Bearer ${h}.${p}.${s.slice(0, -1)}B`))).toEqual({ code: 'EG_TOKEN_MALFORMED', when: 'thrown' });
  });
  it('belongs to one guard: a header one guard accepts is still refused by a guard configured otherwise', async () => {
    const atJwt = mintAccessToken({ key, issuerOrigin: ORIGIN, tenantId: T, audience: C, now: Math.floor(NOW / 1000), header: { typ: 'at+jwt' } });
    const lenient = guard({ acceptAtJwtType: true });
    const strict = guard();
    expect(isPromise(lenient.authenticateMaybeSync(`Bearer ${atJwt}`))).toBe(false);
    expect(await refusal(() => strict.authenticateMaybeSync(`Bearer ${atJwt}`))).toEqual({ code: 'EG_TOKEN_HEADER_REFUSED', when: 'thrown' });
  });
  it('explain still reports every check as passed when the header came from the memo', async () => {
    const g = guard();
    const token = mint();
    await g.validateToken(token);
    const explanation = await g.explain(mint({ n: 2 }));
    expect(explanation.valid).toBe(true);
    expect(explanation.checks.every((c) => c.outcome === 'pass')).toBe(true);
  });
});
