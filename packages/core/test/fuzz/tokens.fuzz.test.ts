// Property/fuzz tests on whole tokens: mutants of real Entra tokens (property 2) and properly
// signed tokens with arbitrary or perturbed JSON (property 3), checked against an independent
// model of the validation rules. Bounded and seeded; nothing is logged.
//
// The real fixtures carry personal data. Generated values therefore name a fixture by its index
// and a mutation by its description, never by token text, and every failure message below is
// built from codes, operation names and numbers only.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { createEntraGuard, type EntraGuard, type Principal } from '@entra-guard/core';
import {
  createSigningKeys,
  loadRealFixtures,
  signJwt,
  TEST_API_CLIENT_ID,
  TEST_APP_OID,
  TEST_CLIENT_ID,
  TEST_TENANT_ID,
  TEST_USER_OID,
  TEST_USER_SUB,
  type RealFixture,
  type SigningKey,
} from '@entra-guard/test-support';
import { MAX_TOKEN_LENGTH } from '../../src/token/parse-compact.js';
import {
  B64URL_ALPHABET,
  describeError,
  drainMicrotasks,
  expectFast,
  expectRefused,
  Latency,
  lit,
  memberName,
  nestedNode,
  plainName,
  problemsOf,
  toNode,
  tree,
  watchUnhandledRejections,
  writeNode,
  type JsonNode,
  type Member,
  type MemberName,
  type Outcome,
} from './fuzz-support.js';

let unhandled: ReturnType<typeof watchUnhandledRejections>;
const consoleSpies: MockInstance[] = [];

beforeAll(() => {
  unhandled = watchUnhandledRejections();
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    consoleSpies.push(vi.spyOn(console, method).mockImplementation(() => undefined));
  }
});

afterAll(() => {
  unhandled.stop();
  for (const spy of consoleSpies) spy.mockRestore();
});

// =============================================================================================
// Property 2: mutants of real Entra access tokens are refused.
// =============================================================================================

const fixtures: readonly RealFixture[] = loadRealFixtures().positive.filter((f) => /^v[12]-(access|app-only)$/.test(f.kind));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PLACEHOLDER_TENANT = '00000000-0000-4000-8000-000000000000';

/** The fixture's key set with the test-only `issuer: "invalidIssuer"` members removed. */
function fixtureKeys(jwks: { keys: object[] }): { keys: Record<string, unknown>[] } {
  return {
    keys: jwks.keys.map((k) => {
      const copy: Record<string, unknown> = { ...(k as Record<string, unknown>) };
      if (copy['issuer'] === 'invalidIssuer') delete copy['issuer'];
      return copy;
    }),
  };
}

/** A guard configured for one fixture, as packages/core/test/real-fixtures.test.ts does. */
function fixtureGuard(f: RealFixture): EntraGuard {
  const { tid, aud, iat, exp } = f.payload;
  return createEntraGuard({
    clientId: 'fixture-api',
    audiences: [typeof aud === 'string' ? aud : 'none'],
    tenancy: { mode: 'single', tenantId: typeof tid === 'string' && GUID.test(tid) ? tid : PLACEHOLDER_TENANT },
    keys: { jwks: fixtureKeys(f.jwks) },
    now: () => (f.clock + 60) * 1000,
    maxTokenLifetimeSeconds: Math.max(100_800, typeof iat === 'number' && typeof exp === 'number' ? exp - iat : 0),
  });
}

type Segment = 0 | 1 | 2;

/** One edit of a token's text. Positions are taken modulo the length they index. */
type Mutation =
  | { readonly op: 'flip'; readonly at: number; readonly char: string }
  | { readonly op: 'flip-last'; readonly segment: Segment; readonly char: string }
  | { readonly op: 'trailing-bits'; readonly segment: Segment; readonly bits: number }
  | { readonly op: 'delete'; readonly at: number }
  | { readonly op: 'insert'; readonly at: number; readonly char: string }
  | { readonly op: 'duplicate-segment'; readonly segment: Segment; readonly at: number }
  | { readonly op: 'copy-segment'; readonly from: Segment; readonly to: Segment }
  | { readonly op: 'swap-segments'; readonly a: Segment; readonly b: Segment }
  | { readonly op: 'truncate'; readonly keep: number }
  | { readonly op: 'drop-prefix'; readonly drop: number }
  | { readonly op: 'pad'; readonly segment: Segment; readonly style: 'base64url-padded' | 'base64' | 'extra-equals'; readonly count: number }
  | { readonly op: 'byte'; readonly segment: Segment; readonly at: number; readonly xor: number };

const segmentArb = fc.constantFrom<Segment>(0, 1, 2);
const b64char = fc.constantFrom(...B64URL_ALPHABET);
const position = fc.nat({ max: 1 << 20 });

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip'), at: position, char: b64char }),
  fc.record({ op: fc.constant('flip-last'), segment: segmentArb, char: b64char }),
  fc.record({ op: fc.constant('trailing-bits'), segment: segmentArb, bits: fc.integer({ min: 1, max: 15 }) }),
  fc.record({ op: fc.constant('delete'), at: position }),
  fc.record({ op: fc.constant('insert'), at: position, char: fc.constantFrom(...B64URL_ALPHABET, '.', '=') }),
  fc.record({ op: fc.constant('duplicate-segment'), segment: segmentArb, at: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant('copy-segment'), from: segmentArb, to: segmentArb }),
  fc.record({ op: fc.constant('swap-segments'), a: segmentArb, b: segmentArb }),
  fc.record({ op: fc.constant('truncate'), keep: position }),
  fc.record({ op: fc.constant('drop-prefix'), drop: position }),
  fc.record({
    op: fc.constant('pad'),
    segment: segmentArb,
    style: fc.constantFrom('base64url-padded', 'base64', 'extra-equals'),
    count: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ op: fc.constant('byte'), segment: segmentArb, at: position, xor: fc.integer({ min: 1, max: 255 }) }),
);

function editSegment(token: string, segment: Segment, edit: (s: string) => string): string {
  const parts = token.split('.');
  if (parts[segment] === undefined) return token;
  parts[segment] = edit(parts[segment]);
  return parts.join('.');
}

function mutate(token: string, m: Mutation): string {
  const len = token.length;
  if (len === 0) return token;
  const parts = token.split('.');
  switch (m.op) {
    case 'flip': {
      const i = m.at % len;
      return token.slice(0, i) + m.char + token.slice(i + 1);
    }
    case 'flip-last':
      return editSegment(token, m.segment, (s) => s.slice(0, -1) + m.char);
    case 'trailing-bits':
      // Changes only bits the last character carries beyond the encoded bytes (4 or 2 of them).
      return editSegment(token, m.segment, (s) => {
        const unused = (s.length * 6) % 8;
        const value = B64URL_ALPHABET.indexOf(s.slice(-1));
        if (unused === 0 || value < 0) return s;
        return s.slice(0, -1) + B64URL_ALPHABET[value ^ (m.bits & ((1 << unused) - 1))];
      });
    case 'delete': {
      const i = m.at % len;
      return token.slice(0, i) + token.slice(i + 1);
    }
    case 'insert': {
      const i = m.at % (len + 1);
      return token.slice(0, i) + m.char + token.slice(i);
    }
    case 'duplicate-segment': {
      const copy = [...parts];
      copy.splice(Math.min(m.at, copy.length), 0, parts[m.segment] ?? '');
      return copy.join('.');
    }
    case 'copy-segment': {
      const copy = [...parts];
      copy[m.to] = parts[m.from] ?? '';
      return copy.join('.');
    }
    case 'swap-segments': {
      const copy = [...parts];
      copy[m.a] = parts[m.b] ?? '';
      copy[m.b] = parts[m.a] ?? '';
      return copy.join('.');
    }
    case 'truncate':
      return token.slice(0, m.keep % len);
    case 'drop-prefix':
      return token.slice(1 + (m.drop % len));
    case 'pad':
      return editSegment(token, m.segment, (s) => {
        if (m.style === 'base64url-padded') return s + '='.repeat((4 - (s.length % 4)) % 4);
        if (m.style === 'base64') return Buffer.from(s, 'base64url').toString('base64');
        return s + '='.repeat(m.count);
      });
    case 'byte':
      // A changed byte of the decoded segment, re-encoded canonically and not re-signed.
      return editSegment(token, m.segment, (s) => {
        const bytes = Buffer.from(s, 'base64url');
        if (bytes.length === 0) return s;
        const i = m.at % bytes.length;
        bytes[i] = (bytes[i] ?? 0) ^ m.xor;
        return bytes.toString('base64url');
      });
  }
}

/** Mutations whose result can only be refused as malformed (the same bytes, or not three segments). */
const MALFORMED_ONLY: ReadonlySet<Mutation['op']> = new Set(['trailing-bits', 'pad', 'duplicate-segment']);

describe('property 2: mutants of real access tokens are refused', () => {
  const guards: EntraGuard[] = [];
  const latency = new Latency();

  beforeAll(() => {
    for (const f of fixtures) guards.push(fixtureGuard(f));
  });

  afterAll(() => {
    for (const g of guards) g.close();
  });

  it('has the positive access-token fixtures', () => {
    expect(fixtures.length).toBe(48);
    expect(new Set(fixtures.map((f) => f.kind))).toEqual(new Set(['v1-access', 'v1-app-only', 'v2-access', 'v2-app-only']));
  });

  it('control: every unmutated token validates, with its kind, tenant and version', async () => {
    for (const [i, f] of fixtures.entries()) {
      let principal: Principal | undefined;
      let code: string | undefined;
      try {
        principal = await guards[i]!.validateToken(f.token);
      } catch (error) {
        code = describeError(error);
      }
      expect(code, `fixture #${i}`).toBeUndefined();
      expect(principal?.kind === (f.kind.endsWith('app-only') ? 'app' : 'user'), `fixture #${i} kind`).toBe(true);
      expect(principal?.tenantId === f.payload.tid, `fixture #${i} tenant`).toBe(true);
      expect(principal?.tokenVersion === (f.kind.startsWith('v1') ? '1.0' : '2.0'), `fixture #${i} version`).toBe(true);
    }
  });

  async function checkMutant(index: number, mutations: readonly Mutation[]): Promise<void> {
    const original = fixtures[index]!.token;
    const mutant = mutations.reduce(mutate, original);
    // Not a mutant: the very same text (e.g. a character flipped to itself).
    fc.pre(mutant !== original);
    const what = `fixture #${index}, ${mutations.map((m) => m.op).join(' + ')}`;
    const error = expectRefused(await latency.measure(() => guards[index]!.validateToken(mutant)), what);
    expectRefused(await latency.measure(() => guards[index]!.authenticate(`Bearer ${mutant}`)), `${what} (authenticate)`);
    if (mutations.length === 1 && MALFORMED_ONLY.has(mutations[0]!.op) && error.code !== 'EG_TOKEN_MALFORMED') {
      throw new Error(`${what}: refused with ${error.code}, expected EG_TOKEN_MALFORMED`);
    }
  }

  const fixtureIndex = fc.nat({ max: fixtures.length - 1 });

  it('refuses every single-edit mutant (flip, delete, insert, segment edits, truncation, padding, changed bytes)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ fixture: fixtureIndex, mutation: mutationArb }), ({ fixture, mutation }) => checkMutant(fixture, [mutation])),
      { seed: 0x5eed0201, numRuns: 3000, verbose: false },
    );
  });

  it('refuses every mutant made of two to four edits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ fixture: fixtureIndex, mutations: fc.array(mutationArb, { minLength: 2, maxLength: 4 }) }), ({ fixture, mutations }) =>
        checkMutant(fixture, mutations),
      ),
      { seed: 0x5eed0202, numRuns: 800, verbose: false },
    );
  });

  it('refuses every trailing-bits variant of every segment of every fixture (same bytes, non-canonical text)', async () => {
    let variants = 0;
    for (const [index, f] of fixtures.entries()) {
      for (const segment of [0, 1, 2] as const) {
        for (let bits = 1; bits <= 15; bits++) {
          const mutant = mutate(f.token, { op: 'trailing-bits', segment, bits });
          if (mutant === f.token) continue;
          variants++;
          const error = expectRefused(await latency.measure(() => guards[index]!.validateToken(mutant)), `fixture #${index}, trailing bits of segment ${segment}`);
          expect(error.code, `fixture #${index}, trailing bits of segment ${segment}`).toBe('EG_TOKEN_MALFORMED');
        }
      }
    }
    expect(variants).toBeGreaterThan(48 * 15);
  });

  it('is fast: median, 99th percentile and maximum latency', () => {
    expect(latency.count).toBeGreaterThan(100);
    expectFast(latency);
  });
});

// =============================================================================================
// Property 3: properly signed tokens with arbitrary or perturbed JSON, against a model.
// =============================================================================================

const NOW = 1_750_000_000;
const SKEW = 300;
const MAX_LIFETIME = 100_800;
const API = TEST_API_CLIENT_ID;
const CLIENT = TEST_CLIENT_ID;
const TENANT = TEST_TENANT_ID;
const OTHER_TENANT = '0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f';
const AUDIENCES: readonly string[] = [API, `api://${API}`];
const ISSUER: Readonly<Record<'1.0' | '2.0', string>> = {
  '1.0': `https://sts.windows.net/${TENANT}/`,
  '2.0': `https://login.microsoftonline.com/${TENANT}/v2.0`,
};
const ACR_NAMES: ReadonlyMap<string, 'public' | 'secret' | 'certificate'> = new Map([
  ['0', 'public'],
  ['1', 'secret'],
  ['2', 'certificate'],
]);
const PRINTABLE_ID = /^[\x21-\x7e]{1,256}$/;

/** A complete, valid Entra claim set, described by its choices. */
interface ClaimSetSpec {
  readonly version: '1.0' | '2.0';
  readonly kind: 'user' | 'app';
  readonly audience: number;
  readonly acr: '1' | '2';
  /** Seconds between iat (+ 300, Entra's backdating) and now. */
  readonly age: number;
  readonly lifetime: number;
  readonly nbf: boolean;
  readonly header: 'kid' | 'kid+x5t' | 'x5t';
  readonly typ: 'JWT' | 'jwt' | 'application/jwt' | 'none';
  readonly roles: readonly string[];
  readonly idtyp: boolean;
}

const claimSetSpec: fc.Arbitrary<ClaimSetSpec> = fc.record({
  version: fc.constantFrom('1.0', '2.0'),
  kind: fc.constantFrom('user', 'app'),
  audience: fc.integer({ min: 0, max: 1 }),
  acr: fc.constantFrom('1', '2'),
  age: fc.integer({ min: 0, max: 3000 }),
  lifetime: fc.integer({ min: 3600, max: 86_400 }),
  nbf: fc.boolean(),
  header: fc.constantFrom('kid', 'kid+x5t', 'x5t'),
  typ: fc.constantFrom('JWT', 'jwt', 'application/jwt', 'none'),
  roles: fc.array(fc.constantFrom('Orders.Read', 'Orders.Write', 'Admin'), { maxLength: 3 }),
  idtyp: fc.boolean(),
});

const member = (name: string, value: unknown): Member => [plainName(name), lit(value)];

function claimMembers(s: ClaimSetSpec): Member[] {
  const v1 = s.version === '1.0';
  const user = s.kind === 'user';
  const iat = NOW - 300 - s.age;
  const m: Member[] = [member('aud', AUDIENCES[s.audience]), member('iss', ISSUER[s.version]), member('iat', iat)];
  if (s.nbf) m.push(member('nbf', iat));
  m.push(member('exp', iat + s.lifetime), member('aio', 'E2ZgYJg5Z2Nwq1w8hv3c0k0AAAA='));
  m.push(v1 ? member('appid', CLIENT) : member('azp', CLIENT), v1 ? member('appidacr', s.acr) : member('azpacr', s.acr));
  if (!user) {
    m.push(member('idtyp', 'app'));
    if (v1) m.push(member('idp', ISSUER['1.0']));
  } else if (s.idtyp) {
    m.push(member('idtyp', 'user'));
  }
  if (user) m.push(member('name', 'Test User'));
  m.push(member('oid', user ? TEST_USER_OID : TEST_APP_OID), member('rh', '0.AAAA-synthetic.'));
  if (s.roles.length > 0) m.push(member('roles', s.roles));
  if (user) m.push(member('scp', 'Orders.Read User.Read'));
  m.push(member('sub', user ? TEST_USER_SUB : TEST_APP_OID), member('tid', TENANT));
  if (user) m.push(v1 ? member('upn', 'test.user@example.com') : member('preferred_username', 'test.user@example.com'));
  m.push(member('uti', 'c3ludGhldGljLXV0aQ'), member('ver', s.version));
  return m;
}

function headerMembers(s: ClaimSetSpec, kid: string): Member[] {
  const m: Member[] = [];
  if (s.typ !== 'none') m.push(member('typ', s.typ));
  m.push(member('alg', 'RS256'));
  if (s.header !== 'kid') m.push(member('x5t', kid));
  if (s.header !== 'x5t') m.push(member('kid', kid));
  return m;
}

/** A replacement value, possibly derived from the value it replaces. */
type ValueSpec =
  | { readonly v: 'json'; readonly node: JsonNode }
  | { readonly v: 'shift'; readonly delta: number }
  | { readonly v: 'wrap-array' | 'wrap-object' | 'upper' | 'lower' | 'pad-space' | 'as-string' | 'as-number' };

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];

/** Values an attacker or a bug would try: near misses of the real values, prototype names, odd numbers. */
const dictionaryValue: fc.Arbitrary<JsonNode> = fc.oneof(
  fc
    .constantFrom(
      ...PROTOTYPE_NAMES,
      '',
      ' ',
      '0',
      '1',
      '2',
      '3',
      '01',
      ' 1',
      '1.0',
      '2.0',
      '2',
      'v2.0',
      TENANT,
      TENANT.toUpperCase(),
      `{${TENANT}}`,
      OTHER_TENANT,
      '9188040d-6c67-4c5b-b112-36a304b66dad',
      ISSUER['1.0'],
      ISSUER['2.0'],
      `${ISSUER['2.0']}/`,
      ISSUER['2.0'].replace('login.microsoftonline.com', 'LOGIN.microsoftonline.com'),
      `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`,
      `https://sts.windows.net/${OTHER_TENANT}/`,
      'https://login.microsoftonline.com/{tenantid}/v2.0',
      API,
      `api://${API}`,
      API.toUpperCase(),
      CLIENT,
      CLIENT.toUpperCase(),
      'https://graph.microsoft.com',
      '00000003-0000-0000-c000-000000000000',
      'JWT',
      'RS256',
      'none',
      'app',
      'user',
      'Orders.Read',
      'a b',
      '   ',
    )
    .map(lit),
  fc
    .constantFrom('1e400', '-1e400', '0', '-0', '1', '-1', '1.5', '0.0', '1E9', '9007199254740993', '1e308', `${NOW}`, `${NOW + 400}`, `${NOW - 400}`, `${NOW}.5`)
    .map((text): JsonNode => ({ t: 'lit', text })),
);

const valueSpec: fc.Arbitrary<ValueSpec> = fc.oneof(
  { weight: 3, arbitrary: dictionaryValue.map((node): ValueSpec => ({ v: 'json', node })) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value): ValueSpec => ({ v: 'json', node: toNode(value) })) },
  { weight: 1, arbitrary: tree.node.map((node): ValueSpec => ({ v: 'json', node })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }).map((s): ValueSpec => ({ v: 'json', node: lit(s) })) },
  { weight: 2, arbitrary: fc.integer({ min: -200_000, max: 200_000 }).map((delta): ValueSpec => ({ v: 'shift', delta })) },
  { weight: 2, arbitrary: fc.constantFrom('wrap-array', 'wrap-object', 'upper', 'lower', 'pad-space', 'as-string', 'as-number').map((v): ValueSpec => ({ v })) },
);

function resolveValue(spec: ValueSpec, original: JsonNode | undefined): JsonNode {
  const o: unknown = original === undefined ? undefined : JSON.parse(writeNode(original));
  switch (spec.v) {
    case 'json':
      return spec.node;
    case 'shift':
      return lit(typeof o === 'number' ? o + spec.delta : spec.delta);
    case 'wrap-array':
      return { t: 'arr', items: [original ?? lit(null)] };
    case 'wrap-object':
      return { t: 'obj', members: [[plainName('value'), original ?? lit(null)]] };
    case 'upper':
      return lit(String(o).toUpperCase());
    case 'lower':
      return lit(String(o).toLowerCase());
    case 'pad-space':
      return lit(`${String(o)} `);
    case 'as-string':
      return lit(typeof o === 'string' ? o : JSON.stringify(o ?? null));
    case 'as-number':
      return lit(Number(o));
  }
}

const KNOWN_CLAIMS = [
  'aud', 'iss', 'iat', 'nbf', 'exp', 'ver', 'tid', 'azp', 'appid', 'azpacr', 'appidacr', 'oid', 'sub', 'scp', 'roles', 'idtyp',
  'idp', 'acct', 'groups', 'wids', 'hasgroups', '_claim_names', 'acrs', 'xms_cc', 'uti', 'name', 'upn', 'preferred_username',
] as const;
const HEADER_MEMBERS = ['alg', 'typ', 'kid', 'x5t', 'nonce', 'crit', 'jku', 'jwk', 'x5u', 'x5c', 'cty', 'zip', 'enc', 'b64'] as const;
/** The claims whose change to any other value must be refused (the client id under allowedClients). */
const BINDING_CLAIMS: ReadonlySet<string> = new Set(['aud', 'iss', 'tid', 'exp', 'ver', 'azp', 'appid']);

type Spelling = 'same' | 'upper' | 'escaped';

/** One change to a valid claim set (or its header) before it is signed. */
type Perturbation =
  | { readonly op: 'none' }
  | { readonly op: 'set'; readonly claim: string; readonly value: ValueSpec }
  | { readonly op: 'delete'; readonly claim: string }
  | { readonly op: 'duplicate'; readonly claim: string; readonly spelling: Spelling; readonly value: ValueSpec; readonly first: boolean }
  | { readonly op: 'add'; readonly name: MemberName; readonly value: JsonNode }
  | { readonly op: 'nest'; readonly claim: string; readonly depth: number; readonly arrays: boolean }
  | { readonly op: 'big-array'; readonly claim: string; readonly length: number; readonly element: 'int' | 'string' | 'empty' }
  | { readonly op: 'header-set'; readonly member: string; readonly value: ValueSpec }
  | { readonly op: 'header-delete'; readonly member: string }
  | { readonly op: 'header-duplicate'; readonly member: string; readonly spelling: Spelling; readonly value: ValueSpec };

const claimName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KNOWN_CLAIMS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });
const headerName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HEADER_MEMBERS) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
const spelling = fc.constantFrom<Spelling>('same', 'upper', 'escaped');

const perturbationArb: fc.Arbitrary<Perturbation> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ op: 'none' } as const) },
  { weight: 8, arbitrary: fc.record({ op: fc.constant('set'), claim: claimName, value: valueSpec }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete'), claim: claimName }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicate'), claim: claimName, spelling, value: valueSpec, first: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('add'), name: memberName, value: tree.node }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('nest'),
      claim: fc.constantFrom('xms_nest', 'roles', '_claim_names'),
      depth: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 12, max: 5000 })),
      arrays: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('big-array'),
      claim: fc.constantFrom('xms_pad', 'roles', 'groups', 'wids'),
      length: fc.integer({ min: 0, max: 4000 }),
      element: fc.constantFrom('int', 'string', 'empty'),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('header-set'), member: headerName, value: valueSpec }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('header-delete'), member: headerName }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('header-duplicate'), member: headerName, spelling, value: valueSpec }) },
);

function spelled(name: string, s: Spelling): MemberName {
  if (s === 'upper') return plainName(name.toUpperCase());
  return s === 'escaped' ? { name, escapes: 1 } : plainName(name);
}

function findMember(members: readonly Member[], name: string): JsonNode | undefined {
  return members.find(([n]) => n.name === name)?.[1];
}

function setMember(members: readonly Member[], name: string, value: JsonNode): Member[] {
  const at = members.findIndex(([n]) => n.name === name);
  if (at < 0) return [...members, [plainName(name), value]];
  return members.map((m, i) => (i === at ? [m[0], value] : m));
}

function bigArray(length: number, element: 'int' | 'string' | 'empty'): JsonNode {
  const text = element === 'int' ? '7' : element === 'string' ? '"r"' : '""';
  return { t: 'lit', text: `[${Array.from({ length }, () => text).join(',')}]` };
}

/** Applies a perturbation to header and claim members. */
function perturb(header: Member[], claims: Member[], p: Perturbation): { header: Member[]; claims: Member[] } {
  switch (p.op) {
    case 'none':
      return { header, claims };
    case 'set':
      return { header, claims: setMember(claims, p.claim, resolveValue(p.value, findMember(claims, p.claim))) };
    case 'delete':
      return { header, claims: claims.filter(([n]) => n.name !== p.claim) };
    case 'duplicate': {
      const extra: Member = [spelled(p.claim, p.spelling), resolveValue(p.value, findMember(claims, p.claim))];
      return { header, claims: p.first ? [extra, ...claims] : [...claims, extra] };
    }
    case 'add':
      return { header, claims: [...claims, [p.name, p.value]] };
    case 'nest':
      return { header, claims: setMember(claims, p.claim, nestedNode(p.depth, p.arrays)) };
    case 'big-array':
      return { header, claims: setMember(claims, p.claim, bigArray(p.length, p.element)) };
    case 'header-set':
      return { header: setMember(header, p.member, resolveValue(p.value, findMember(header, p.member))), claims };
    case 'header-delete':
      return { header: header.filter(([n]) => n.name !== p.member), claims };
    case 'header-duplicate':
      return { header: [...header, [spelled(p.member, p.spelling), resolveValue(p.value, findMember(header, p.member))]], claims };
  }
}

/** What the model expects the principal to hold, in a comparable (JSON-like) form. */
interface ExpectedPrincipal {
  readonly kind: 'user' | 'app';
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientAuth: string;
  readonly tokenVersion: '1.0' | '2.0';
  readonly audience: string;
  readonly issuer: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly tokenId: string | undefined;
  readonly objectId: string | undefined;
  readonly subject: string | undefined;
  readonly isGuest: boolean;
  readonly scopes: readonly string[];
  readonly roles: readonly string[];
  readonly groups: readonly string[];
  readonly wids: readonly string[];
  readonly hasGroupsOverage: boolean;
  readonly authContexts: readonly string[];
  readonly clientCapabilities: readonly string[];
}

type Verdict = { readonly accept: false; readonly reason: string } | { readonly accept: true; readonly principal: ExpectedPrincipal };

const refuse = (reason: string): Verdict => ({ accept: false, reason });

function parseObject(node: JsonNode): Record<string, unknown> {
  return Object.setPrototypeOf(JSON.parse(writeNode(node)) as object, null) as Record<string, unknown>;
}

function modelHeader(node: JsonNode, kid: string): string | undefined {
  if (node.t !== 'obj') return 'header is not an object';
  if (problemsOf(node).size > 0) return 'header has duplicate, __proto__ or deep members';
  const h = parseObject(node);
  if (h.alg !== 'RS256') return 'alg';
  if (h.nonce !== undefined) return 'nonce';
  if (Object.keys(h).some((k) => !['alg', 'typ', 'kid', 'x5t'].includes(k))) return 'header member';
  const typ = h.typ;
  if (typ !== undefined && !(typeof typ === 'string' && ['jwt', 'application/jwt'].includes(typ.toLowerCase()))) return 'typ';
  const isId = (v: unknown): boolean => v === undefined || (typeof v === 'string' && PRINTABLE_ID.test(v));
  if (!isId(h.kid) || !isId(h.x5t)) return 'kid/x5t format';
  if (h.kid !== undefined && h.x5t !== undefined && h.kid !== h.x5t) return 'kid and x5t differ';
  const named = h.kid ?? h.x5t;
  if (named === undefined) return 'no key named';
  return named === kid ? undefined : 'unknown key';
}

const numericDate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

function lifetimeProblem(c: Record<string, unknown>): string | undefined {
  const { exp, iat, nbf } = c;
  if (!numericDate(exp) || !numericDate(iat) || (nbf !== undefined && !numericDate(nbf))) return 'exp/iat/nbf not NumericDates';
  if (exp <= iat || exp - iat > MAX_LIFETIME) return 'lifetime';
  if (NOW >= exp + SKEW) return 'expired';
  if ((nbf !== undefined && NOW + SKEW < nbf) || NOW + SKEW < iat) return 'not yet valid';
  return undefined;
}

function stringArray(v: unknown): readonly string[] | undefined | 'invalid' {
  if (v === undefined) return undefined;
  return Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0) ? (v as string[]) : 'invalid';
}

const lenient = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const unique = (values: readonly string[]): string[] => [...new Set(values)];

/**
 * An independent statement of the rules (docs and check descriptions), for the guard of this
 * property: single tenant TENANT, audiences AUDIENCES, allowedClients [CLIENT], minClientAuth
 * secret, guests allowed, skew 300 s, lifetime at most 100 800 s.
 */
function model(headerNode: JsonNode, payloadNode: JsonNode, tokenLength: number, kid: string): Verdict {
  if (tokenLength > MAX_TOKEN_LENGTH) return refuse('token too long');
  const header = modelHeader(headerNode, kid);
  if (header !== undefined) return refuse(header);
  if (payloadNode.t !== 'obj') return refuse('payload is not an object');
  if (problemsOf(payloadNode).size > 0) return refuse('payload has duplicate, __proto__ or deep members');
  const c = parseObject(payloadNode);
  const lifetime = lifetimeProblem(c);
  if (lifetime !== undefined) return refuse(lifetime);
  const ver = c.ver;
  if (ver !== '1.0' && ver !== '2.0') return refuse('ver');
  if (typeof c.tid !== 'string' || !GUID.test(c.tid) || c.iss !== ISSUER[ver] || c.tid !== TENANT) return refuse('issuer or tenant');
  if (typeof c.aud !== 'string' || !AUDIENCES.includes(c.aud)) return refuse('aud');
  const [idClaim, otherClaim, acrClaim] = ver === '2.0' ? ['azp', 'appid', 'azpacr'] : ['appid', 'azp', 'appidacr'];
  const clientId = c[idClaim];
  if (typeof clientId !== 'string' || clientId.length === 0 || c[otherClaim] !== undefined) return refuse('client claims');
  const acr = c[acrClaim];
  if (acr !== undefined && !(typeof acr === 'string' && ['0', '1', '2'].includes(acr))) return refuse('acr format');
  if (clientId !== CLIENT) return refuse('client not allowed');
  if (acr !== '1' && acr !== '2') return refuse('client auth too weak');
  const scp = c.scp;
  if (scp !== undefined && typeof scp !== 'string') return refuse('scp type');
  const scopes = typeof scp === 'string' ? scp.split(' ').filter((s) => s.length > 0) : undefined;
  if (scopes !== undefined && scopes.length === 0) return refuse('scp empty');
  const kind = scopes === undefined ? 'app' : 'user';
  const idtyp = c.idtyp;
  if (idtyp !== undefined && idtyp !== 'app' && idtyp !== 'user') return refuse('idtyp');
  if ((idtyp === 'app' && kind === 'user') || (idtyp === 'user' && kind === 'app')) return refuse('idtyp contradicts scp');
  const optional = (v: unknown): boolean => v === undefined || (typeof v === 'string' && v.length > 0);
  if (!optional(c.sub) || !optional(c.oid)) return refuse('sub/oid type');
  const sub = c.sub as string | undefined;
  const oid = c.oid as string | undefined;
  if (kind === 'user' && (oid === undefined || sub === undefined)) return refuse('user without oid/sub');
  const roles = stringArray(c.roles);
  const groups = stringArray(c.groups);
  const wids = stringArray(c.wids);
  if (roles === 'invalid' || groups === 'invalid' || wids === 'invalid') return refuse('roles/groups/wids');
  const idp = c.idp;
  const isGuest = kind === 'user' && (c.acct === 1 || (typeof idp === 'string' && idp !== c.iss && !idp.includes(`/${c.tid}/`)));
  const names = c._claim_names;
  return {
    accept: true,
    principal: {
      kind,
      tenantId: c.tid,
      clientId,
      clientAuth: ACR_NAMES.get(acr)!,
      tokenVersion: ver,
      audience: c.aud,
      issuer: c.iss,
      issuedAt: c.iat as number,
      expiresAt: c.exp as number,
      tokenId: typeof c.uti === 'string' ? c.uti : undefined,
      objectId: oid ?? sub,
      subject: sub,
      isGuest,
      scopes: unique(scopes ?? []),
      roles: unique(roles ?? []),
      groups: unique(groups ?? []),
      wids: unique(wids ?? []),
      hasGroupsOverage: c.hasgroups === true || (typeof names === 'object' && names !== null && Object.hasOwn(names, 'groups')),
      authContexts: unique(lenient(c.acrs)),
      clientCapabilities: unique(lenient(c.xms_cc).map((s) => s.toLowerCase())),
    },
  };
}

function project(p: Principal): ExpectedPrincipal {
  return {
    kind: p.kind,
    tenantId: p.tenantId,
    clientId: p.clientId,
    clientAuth: p.clientAuth,
    tokenVersion: p.tokenVersion,
    audience: p.audience,
    issuer: p.issuer,
    issuedAt: p.issuedAt,
    expiresAt: p.expiresAt,
    tokenId: p.tokenId,
    objectId: p.objectId,
    subject: p.subject,
    isGuest: p.isGuest,
    scopes: [...p.scopes],
    roles: [...p.roles],
    groups: [...p.groups],
    wids: [...p.wids],
    hasGroupsOverage: p.hasGroupsOverage,
    authContexts: [...p.authContexts],
    clientCapabilities: [...p.clientCapabilities],
  };
}

/** Names the fields where the principal differs from the model's. */
function differences(actual: ExpectedPrincipal, expected: ExpectedPrincipal): string {
  return (Object.keys(expected) as (keyof ExpectedPrincipal)[]).filter((k) => !isDeepStrictEqual(actual[k], expected[k])).join(', ');
}

describe('property 3: signed tokens with arbitrary or perturbed claims are accepted only when the claim set is valid', () => {
  let key: SigningKey;
  let guard: EntraGuard;
  const latency = new Latency();

  beforeAll(async () => {
    [key] = (await createSigningKeys(1, { issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' })) as [SigningKey];
    guard = createEntraGuard({
      clientId: API,
      tenancy: { mode: 'single', tenantId: TENANT },
      cloud: 'public',
      keys: { jwks: { keys: [key.jwk] } },
      now: () => NOW * 1000,
      allowedClients: [CLIENT],
      minClientAuth: 'secret',
    });
  });

  afterAll(() => guard.close());

  /** Signs the texts, validates, and compares with the model. Returns the outcome. */
  async function check(headerNode: JsonNode, payloadNode: JsonNode, label: string): Promise<{ outcome: Outcome; verdict: Verdict }> {
    const token = signJwt(writeNode(headerNode), writeNode(payloadNode), key);
    const verdict = model(headerNode, payloadNode, token.length, key.kid);
    const outcome = await latency.measure(() => guard.validateToken(token));
    if (verdict.accept) {
      if (outcome.kind !== 'resolved') throw new Error(`${label}: the model accepts, the guard refused: ${describeError(outcome.error)}`);
      const diff = differences(project(outcome.value as Principal), verdict.principal);
      if (diff !== '') throw new Error(`${label}: accepted, but the principal differs from the claims in: ${diff}`);
    } else if (outcome.kind === 'resolved') {
      throw new Error(`${label}: accepted, but the model refuses (${verdict.reason})`);
    } else {
      expectRefused(outcome, label);
    }
    return { outcome, verdict };
  }

  it('keeps the invariants the model relies on', () => {
    expect(key.jwk['x5t']).toBe(key.kid);
  });

  it('accepts every unperturbed valid claim set (control)', async () => {
    await fc.assert(
      fc.asyncProperty(claimSetSpec, async (spec) => {
        const { verdict, outcome } = await check({ t: 'obj', members: headerMembers(spec, key.kid) }, { t: 'obj', members: claimMembers(spec) }, 'control');
        if (!verdict.accept || outcome.kind !== 'resolved') throw new Error('control claim set not accepted');
      }),
      { seed: 0x5eed0301, numRuns: 150, verbose: false },
    );
  });

  it('valid claim sets with one perturbed claim or header member: accepted exactly when the model accepts', async () => {
    await fc.assert(
      fc.asyncProperty(claimSetSpec, perturbationArb, async (spec, p) => {
        const base = { header: headerMembers(spec, key.kid), claims: claimMembers(spec) };
        const { header, claims } = perturb(base.header, base.claims, p);
        const { outcome } = await check({ t: 'obj', members: header }, { t: 'obj', members: claims }, `perturbation ${p.op}`);
        // Stated on its own: a binding claim changed to anything else (or removed) is refused.
        const claim = p.op === 'set' || p.op === 'delete' ? p.claim : undefined;
        if (claim !== undefined && BINDING_CLAIMS.has(claim) && outcome.kind === 'resolved') {
          const before = findMember(base.claims, claim);
          const after = findMember(claims, claim);
          const same = before !== undefined && after !== undefined && isDeepStrictEqual(JSON.parse(writeNode(before)), JSON.parse(writeNode(after)));
          const stillValid =
            (claim === 'aud' && after !== undefined && AUDIENCES.includes(JSON.parse(writeNode(after)) as string)) ||
            (claim === 'exp' && lifetimeProblem(parseObject({ t: 'obj', members: claims })) === undefined) ||
            // The other version's client claim is not this token's client.
            ((claim === 'azp' || claim === 'appid') && before === undefined && after === undefined);
          if (!same && !stillValid) throw new Error(`a changed "${claim}" was accepted`);
        }
      }),
      { seed: 0x5eed0302, numRuns: 1500, verbose: false },
    );
  });

  it('a client-authentication claim (azpacr / appidacr) other than "0", "1" or "2" is refused, whatever the string', async () => {
    const acrValue = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ maxLength: 12 }));
    await fc.assert(
      fc.asyncProperty(claimSetSpec, acrValue, async (spec, acr) => {
        fc.pre(!['0', '1', '2'].includes(acr));
        const claims = setMember(claimMembers(spec), spec.version === '2.0' ? 'azpacr' : 'appidacr', lit(acr));
        const { outcome } = await check({ t: 'obj', members: headerMembers(spec, key.kid) }, { t: 'obj', members: claims }, 'acr');
        if (outcome.kind === 'resolved') throw new Error('an invalid client-authentication claim was accepted');
      }),
      { seed: 0x5eed0304, numRuns: 300, verbose: false },
    );
  });

  it('arbitrary JSON as header or payload (deep nesting, duplicates, __proto__, big arrays, unicode): accepted exactly when the model accepts', async () => {
    const validHeader = claimSetSpec.map((spec): JsonNode => ({ t: 'obj', members: headerMembers(spec, key.kid) }));
    const headerArb = fc.oneof(
      { weight: 3, arbitrary: validHeader },
      { weight: 1, arbitrary: tree.node },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(toNode) },
      {
        weight: 1,
        arbitrary: fc.tuple(validHeader, memberName, tree.node).map(([h, name, value]): JsonNode => (h.t === 'obj' ? { t: 'obj', members: [...h.members, [name, value]] } : h)),
      },
    );
    const payloadArb = fc.oneof(
      tree.node,
      tree.obj,
      fc.jsonValue({ maxDepth: 6 }).map(toNode),
      fc.object({ maxDepth: 4 }).map(toNode),
      fc.string({ unit: 'binary', maxLength: 40 }).map(lit),
      fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.boolean()).map(([n, arrays]): JsonNode => ({ t: 'obj', members: [[plainName('a'), nestedNode(n, arrays)]] })),
      fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.constantFrom('int', 'string', 'empty')).map(
        ([n, e]): JsonNode => ({ t: 'obj', members: [[plainName('roles'), bigArray(n, e)]] }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(headerArb, payloadArb, async (header, payload) => {
        await check(header, payload, 'arbitrary JSON');
      }),
      { seed: 0x5eed0303, numRuns: 500, verbose: false },
    );
  });

  it('is fast: median, 99th percentile and maximum latency', () => {
    expect(latency.count).toBeGreaterThan(100);
    expectFast(latency);
  });
});

describe('process health', () => {
  it('left no unhandled rejection and wrote nothing to the console', async () => {
    await drainMicrotasks();
    expect(unhandled.count()).toBe(0);
    for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
  });
});
