// Catalogue §2: how the token is carried (schemes, whitespace, query/body/cookie carriers, size, Unicode, duplicates).
import { bearer, duplicate, get, JSON_TYPE, noCredentials, ORDER, ORDER_JSON, post, PROTECTED_ROUTES, raw, refused, routeRequest, user } from './case-builders.js';
import { tok } from './case-placeholders.js';
import type { ConformanceCase } from './case-types.js';
import { OID } from './fixture-tokens.js';

// Row 15: just under Node's 16 KiB header limit; row 14: beyond it. Deterministic garbage.
const GARBAGE_15K = Array.from({ length: 3 }, (_v, i) => `${'Zq9_x-'.repeat(853)}${i}`).join('.');
const HUGE_20K = 'A'.repeat(20 * 1024);

export function carriageCases(): ConformanceCase[] {
  const section = '§2 carriage' as const;
  const g2 = tok('g2');
  const cases: ConformanceCase[] = [];
  for (const r of PROTECTED_ROUTES) {
    cases.push({ name: `§2 #1 no credentials: ${r.method} ${r.path} → 401∅`, section, request: routeRequest(r, {}), expect: noCredentials() });
  }
  cases.push(
    { name: '§2 #1 no credentials (raw socket): GET /me → 401∅', section, request: raw('/me', []), expect: noCredentials() },
    // Row 2: empty bearer.
    { name: '§2 #2 empty bearer "Bearer" (raw) → 401∅', section, request: raw('/me', ['Authorization: Bearer']), expect: noCredentials() },
    { name: '§2 #2 empty bearer "Bearer " with trailing space (raw) → 401∅', section, request: raw('/me', ['Authorization: Bearer ']), expect: noCredentials() },
    { name: '§2 #2 empty Authorization header "Authorization: " (raw) → 401∅', section, request: raw('/me', ['Authorization: ']), expect: noCredentials() },
    { name: '§2 #2 Authorization of spaces only (raw) → 401∅', section, request: raw('/me', ['Authorization:     ']), expect: noCredentials() },
    { name: '§2 #2 "Bearer" (fetch) → 401∅', section, request: get('/me', { authorization: 'Bearer' }), expect: noCredentials() },
    { name: '§2 #2 "Bearer   " with several spaces (raw) → 401∅', section, request: raw('/me', ['Authorization: Bearer   ']), expect: noCredentials() },
    // Row 3: scheme casing.
    ...['bearer', 'BEARER', 'BeArEr'].map((scheme) => ({
      name: `§2 #3 scheme casing "${scheme} G2" → 200`,
      section,
      request: get('/me', { authorization: `${scheme} ${g2}` }),
      expect: user(),
    })),
    { name: '§2 #3 scheme casing "bEaReR G2" (raw) → 200', section, request: raw('/me', [`Authorization: bEaReR ${g2}`]), expect: user() },
    // Row 4: whitespace.
    { name: '§2 #4 two spaces "Bearer␠␠G2" → 200', section, request: get('/me', { authorization: `Bearer  ${g2}` }), expect: user() },
    { name: '§2 #4 two spaces "Bearer␠␠G2" (raw) → 200', section, request: raw('/me', [`Authorization: Bearer  ${g2}`]), expect: user() },
    { name: '§2 #4 outer OWS " Bearer G2 " (raw) → 200', section, request: raw('/me', [`Authorization:   Bearer ${g2}  `]), expect: user() },
    { name: '§2 #4 outer OWS with tabs "\\tBearer G2\\t" (raw) → 200', section, request: raw('/me', [`Authorization:\tBearer ${g2}\t`]), expect: user() },
    { name: '§2 #4 tab separator "Bearer\\tG2" (raw) → 401', section, request: raw('/me', [`Authorization: Bearer\t${g2}`]), expect: refused('EG_REQUEST_MALFORMED_AUTHORIZATION') },
    // Row 5: other schemes.
    ...['Basic', 'JWT', 'Token', 'Negotiate'].map((scheme) => ({
      name: `§2 #5 wrong scheme "${scheme} G2" → 401∅`,
      section,
      request: get('/me', { authorization: `${scheme} ${g2}` }),
      expect: noCredentials(),
    })),
    { name: '§2 #5 bare token "G2" without scheme → 401∅', section, request: get('/me', { authorization: g2 }), expect: noCredentials() },
    { name: '§2 #5 "Basic" credentials (raw) → 401∅', section, request: raw('/admin', ['Authorization: Basic YWRtaW46YWRtaW4=']), expect: noCredentials() },
    // Row 6: junk around the token.
    ...([
      ['Bearer "G2"', `Bearer ${tok('g2', 'quoted')}`],
      ['Bearer G2,', `Bearer ${g2},`],
      ['Bearer G2 G2', `Bearer ${g2} ${g2}`],
      ['Bearer Bearer G2', `Bearer Bearer ${g2}`],
      ['Bearer G2;x=1', `Bearer ${g2};x=1`],
      ['Bearer G2, Bearer G2 (two credentials folded into one header)', `Bearer ${g2}, Bearer ${g2}`],
      ['Bearer=G2', `Bearer=${g2}`],
    ] as const).map(([label, value]) => ({
      name: `§2 #6 junk around the token "${label}" → 401 malformed`,
      section,
      request: get('/me', { authorization: value }),
      expect: refused('EG_REQUEST_MALFORMED_AUTHORIZATION'),
    })),
    { name: '§2 #6 / §3 #23 padded token "Bearer G2==" → 401 EG_TOKEN_MALFORMED', section, request: get('/me', bearer('g2', 'padding')), expect: refused('EG_TOKEN_MALFORMED') },
    // Rows 9-11: the query string.
    { name: '§2 #9 token in the query string only (?access_token=G2) → 401∅', section, request: get(`/me?access_token=${g2}`), expect: noCredentials() },
    { name: '§2 #9 token in the query string only, raw socket → 401∅', section, request: raw(`/orders?access_token=${g2}`, []), expect: noCredentials() },
    { name: '§2 #10 header and ?access_token=G2 at once → 400 invalid_request', section, request: get(`/me?access_token=${g2}`, bearer('g2')), expect: duplicate() },
    {
      name: '§2 #10 header and a form body access_token=G2 at once (POST) → 400 invalid_request',
      section,
      request: post('/orders', { 'content-type': 'application/x-www-form-urlencoded', ...bearer('g2Write') }, `access_token=${g2}`),
      expect: duplicate(),
    },
    { name: '§2 #10 header and ?access_token[]=G2 (qs array form) at once → 400', section, request: get(`/me?access_token[]=${g2}`, bearer('g2')), expect: duplicate() },
    { name: '§2 #10 header and an empty ?access_token= at once → 400', section, request: get('/orders?access_token=', bearer('g2')), expect: duplicate() },
    {
      name: '§2 #10 header and a JSON body {"access_token":…} at once (POST) → 400 invalid_request',
      section,
      request: post('/orders', { ...JSON_TYPE, ...bearer('g2Write') }, JSON.stringify({ ...ORDER, access_token: tok('g2Write') })),
      expect: duplicate(),
    },
    { name: '§2 #11 ?access_token=a&access_token=b without header → 401∅ or 400, no crash', section, request: get('/me?access_token=a&access_token=b'), expect: { status: [400, 401] } },
    { name: '§2 #11 ?access_token[]=G2 without header → 401∅ or 400, no crash', section, request: get(`/me?access_token[]=${g2}`), expect: { status: [400, 401] } },
    { name: '§2 #11 ?access_token[x]=G2 without header → 401∅ or 400, no crash', section, request: get(`/me?access_token[x]=${g2}`), expect: { status: [400, 401] } },
    // Row 12: body and cookie carriers.
    {
      name: '§2 #12 form body access_token=G2 without header (POST) → 401∅',
      section,
      request: post('/orders', { 'content-type': 'application/x-www-form-urlencoded' }, `access_token=${tok('g2Write')}`),
      expect: noCredentials(),
    },
    {
      name: '§2 #12 JSON body {"access_token":G2} without header (POST) → 401∅',
      section,
      request: post('/orders', JSON_TYPE, JSON.stringify({ access_token: tok('g2Write'), ...ORDER })),
      expect: noCredentials(),
    },
    { name: '§2 #12 Cookie access_token=G2 → 401∅', section, request: get('/me', { cookie: `access_token=${g2}` }), expect: noCredentials() },
    { name: '§2 #12 Cookie access_token=G2 (raw) → 401∅', section, request: raw('/me', [`Cookie: session=1; access_token=${g2}`]), expect: noCredentials() },
    // Row 13: App Service headers are not trusted.
    {
      name: '§2 #13 X-MS-CLIENT-PRINCIPAL* / X-MS-TOKEN-AAD-ACCESS-TOKEN spoofing → 401∅',
      section,
      request: get('/admin', {
        'x-ms-client-principal': Buffer.from(JSON.stringify({ claims: [{ typ: 'roles', val: 'Orders.Admin' }] })).toString('base64'),
        'x-ms-client-principal-id': OID.user,
        'x-ms-client-principal-name': 'admin@contoso.example',
        'x-ms-client-principal-idp': 'aad',
        'x-ms-token-aad-access-token': g2,
      }),
      expect: noCredentials(),
    },
    { name: '§2 #13 X-MS-TOKEN-AAD-ACCESS-TOKEN alone (raw) → 401∅', section, request: raw('/me', [`X-MS-TOKEN-AAD-ACCESS-TOKEN: ${g2}`]), expect: noCredentials() },
    // Rows 14-15: size.
    {
      name: '§2 #14 20 KiB Authorization header (raw) → 431 from Node (or 401), never 200',
      section,
      request: raw('/me', [`Authorization: Bearer ${HUGE_20K}`]),
      expect: { status: [431, 401] },
      compare: 'status',
    },
    {
      name: '§2 #15 15 KiB garbage token just under the limit → 401 quickly',
      section,
      request: get('/me', { authorization: `Bearer ${GARBAGE_15K}` }),
      expect: { ...refused('EG_TOKEN_MALFORMED'), maxDurationMs: 1_000 },
    },
    // Row 16: Unicode lookalikes and non-ASCII bytes (raw: fetch cannot send them).
    ...([
      ['fullwidthDot', 'fullwidth full stop U+FF0E instead of "."'],
      ['onedotLeader', 'one dot leader U+2024 instead of "."'],
      ['zwsp', 'zero-width space U+200B inside the payload'],
      ['latin1Byte', 'Latin-1 byte 0xE9 inside the payload'],
    ] as const).map(([how, label]) => ({
      name: `§2 #16 ${label} (raw, UTF-8 bytes) → 401`,
      section,
      request: raw('/me', [`Authorization: Bearer ${tok('g2', how)}`]),
      expect: refused('EG_REQUEST_MALFORMED_AUTHORIZATION'),
    })),
    // DESIGN §1: duplicate Authorization headers (Node keeps only the first in req.headers).
    { name: '§2 #10 / DESIGN §1 two Authorization headers (raw) → 400 invalid_request', section, request: raw('/me', [`Authorization: Bearer ${g2}`, `Authorization: Bearer ${g2}`]), expect: duplicate() },
    {
      name: '§2 #10 / DESIGN §1 "Authorization" and "authorization" headers (raw) → 400',
      section,
      request: raw('/me', [`Authorization: Bearer ${tok('ga')}`, `authorization: Bearer ${g2}`]),
      expect: duplicate(),
    },
    {
      name: '§2 #10 / DESIGN §1 a good Bearer header plus a Basic header (raw) → 400',
      section,
      request: raw('/me', [`Authorization: Bearer ${g2}`, 'Authorization: Basic dXNlcjpwYXNz']),
      expect: duplicate(),
    },
    {
      name: '§2 #10 / DESIGN §1 an empty Authorization header then a good one (raw) → 400',
      section,
      request: raw('/me', ['Authorization: ', `Authorization: Bearer ${g2}`]),
      expect: duplicate(),
    },
    {
      name: '§2 #10 / DESIGN §1 two Authorization headers on a POST (raw) → 400',
      section,
      request: raw('/orders', ['Content-Type: application/json', `Authorization: Bearer ${tok('g2Write')}`, `Authorization: Bearer ${tok('g2Write')}`], 'POST', ORDER_JSON),
      expect: duplicate(),
    },
  );
  return cases;
}
