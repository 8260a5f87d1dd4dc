// What `npm start` prints: where everything is, who can sign in, and a curl that works now.
import { DEMO } from '@entra-guard/emulator';
import { DEMO_ORDERS } from './demo-data.js';

export interface BannerInput {
  readonly apiUrl: string;
  readonly emulatorOrigin: string;
  readonly caPath: string;
  readonly webClient: boolean;
  /** A fresh access token for Alice. */
  readonly token: string;
  readonly tokenExpiresAt: Date;
  readonly database: string;
}

const pad = (text: string, width: number): string => text.padEnd(width);

export function demoBanner(b: BannerInput): string {
  const u = DEMO.users;
  const A = DEMO.tenantA.id;
  const api = DEMO.ordersApi;
  const users = [
    [u.alice.upn, u.alice.password, `tenant A, role Orders.Admin, oid ${u.alice.oid}`],
    [u.bob.upn, u.bob.password, `tenant A, oid ${u.bob.oid}`],
    [u.erin.upn, u.erin.password, `tenant B, oid ${u.erin.oid} (guest of tenant A as ${u.erinGuest.oid})`],
  ];
  const lines = [
    '',
    'entra-guard orders API demo',
    '',
    `  API          ${b.apiUrl}   (/healthz, /readyz, /api/me, /api/orders, ...)`,
    ...(b.webClient ? [`  Web client   ${b.apiUrl}/   (sign in as a demo user below)`] : []),
    `  Emulator     ${b.emulatorOrigin}   (Entra ID for tenants A ${A} and B ${DEMO.tenantB.id})`,
    `  Authority    ${b.emulatorOrigin}/organizations/v2.0`,
    `  Emulator CA  ${b.caPath}`,
    `  Database     ${b.database}`,
    `  Orders API   client id ${api.appId}, audience ${api.identifierUri}`,
    '',
    'Demo users (sign-in name, password):',
    ...users.map(([name, password, note]) => `  ${pad(name ?? '', 38)} ${pad(password ?? '', 17)} ${note ?? ''}`),
    `  daemon "Orders Reporter": client id ${DEMO.daemon.appId}, secret ${DEMO.daemon.secret} (app permission Orders.Read.All)`,
    '',
    `Seeded orders: Alice ${DEMO_ORDERS.alice.id}, Bob ${DEMO_ORDERS.bob.id} (tenant A), Erin ${DEMO_ORDERS.erin.id} (tenant B)`,
    '',
    `Try it, as Alice (token valid until ${b.tokenExpiresAt.toISOString()}):`,
    `  curl -H "Authorization: Bearer ${b.token}" ${b.apiUrl}/api/orders`,
    '',
    'More tokens from the emulator:',
    `  user:   curl --cacert "${b.caPath}" -H "content-type: application/json" -d '{"tenant":"${DEMO.tenantA.domain}","user":"${u.bob.upn}","audience":"${api.appId}","scopes":["Orders.Read","Orders.Write"]}' ${b.emulatorOrigin}/_emulator/tokens`,
    `  daemon: curl --cacert "${b.caPath}" -d grant_type=client_credentials -d client_id=${DEMO.daemon.appId} -d client_secret=${DEMO.daemon.secret} -d "scope=${api.identifierUri}/.default" ${b.emulatorOrigin}/${A}/oauth2/v2.0/token`,
    '',
    'Ctrl+C stops everything.',
    '',
  ];
  return lines.join('\n');
}
