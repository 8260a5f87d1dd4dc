import type { ExplainedCheck, Explanation, Principal } from '@entra-guard/core';
import { hintFor, isoTime, type HintContext } from './hints.js';

/** How the token was checked, for the text around the checks. */
export interface FormatContext extends HintContext {
  /** The validation clock, ms since the epoch. */
  readonly clockMs: number;
  /** True when the clock came from `--at`. */
  readonly clockFromFlag: boolean;
}

const MAX_VALUE = 200;

// Claims come from an unverified token: strip control characters (terminal escapes) and bound the length.
function safe(text: string, max = MAX_VALUE): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

function display(value: unknown): string {
  if (typeof value === 'string') return safe(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return safe(value.join(' '));
  return safe(JSON.stringify(value) ?? String(value));
}

// Identifying claims only; never names, upn, email or addresses.
const HEADER_SHOWN = ['alg', 'typ', 'kid', 'x5t'] as const;
const CLAIMS_SHOWN = ['ver', 'iss', 'tid', 'aud', 'azp', 'appid', 'idtyp', 'scp', 'roles', 'iat', 'nbf', 'exp'] as const;
const TIMES = new Set(['iat', 'nbf', 'exp']);

function tokenSection(ctx: FormatContext): string[] {
  const lines = ['token (unverified: decoded without checking the signature; do not trust these values)'];
  const { header, claims } = ctx.token;
  const row = (name: string, value: unknown): string => {
    const time = TIMES.has(name) ? isoTime(value) : undefined;
    return `  ${name.padEnd(6)}${time === undefined ? display(value) : `${time} (${display(value)})`}`;
  };
  if (header === undefined) lines.push('  (the header could not be decoded)');
  for (const name of HEADER_SHOWN) if (header?.[name] !== undefined) lines.push(row(name, header[name]));
  if (claims === undefined) lines.push('  (the claims could not be decoded)');
  for (const name of CLAIMS_SHOWN) if (claims?.[name] !== undefined) lines.push(row(name, claims[name]));
  const clock = isoTime(ctx.clockMs / 1000) ?? String(ctx.clockMs);
  lines.push(`checked at ${clock} (${ctx.clockFromFlag ? '--at' : 'now'})`);
  return lines;
}

const MARK: Readonly<Record<ExplainedCheck['outcome'], string>> = { pass: '✔', fail: '✘', 'not-run': '·' };

function checkLines(check: ExplainedCheck, width: number, hint: string | undefined): string[] {
  const suffix = check.outcome === 'not-run' ? ' (not run)' : '';
  const lines = [`  ${MARK[check.outcome]} ${check.name.padEnd(width)}  ${check.description}${suffix}`];
  const indent = ' '.repeat(width + 6);
  if (check.reason !== undefined) lines.push(`${indent}reason: ${safe(check.reason, 4 * MAX_VALUE)}`);
  if (hint !== undefined) lines.push(`${indent}hint: ${safe(hint, 4 * MAX_VALUE)}`);
  return lines;
}

function principalLine(p: Principal): string {
  const list = (s: ReadonlySet<string>): string => (s.size === 0 ? '-' : [...s].join(' '));
  return safe(`principal: ${p.kind} of tenant ${p.tenantId}, client ${p.clientId}, token v${p.tokenVersion}; scopes: ${list(p.scopes)}; roles: ${list(p.roles)}`);
}

/** Renders an explanation as plain, readable lines (ending with a newline): token, checks, summary. */
export function formatExplanation(explanation: Explanation, ctx: FormatContext): string {
  const width = Math.max(...explanation.checks.map((c) => c.name.length));
  const code = explanation.error?.code;
  const lines = [...tokenSection(ctx), '', 'checks'];
  for (const check of explanation.checks) {
    const hint = check.outcome === 'fail' && code !== undefined ? hintFor(code, ctx) : undefined;
    lines.push(...checkLines(check, width, hint));
  }
  lines.push('');
  if (explanation.principal) lines.push(principalLine(explanation.principal));
  lines.push(explanation.valid ? 'valid' : `invalid: ${code ?? 'unknown error'}`);
  return `${lines.join('\n')}\n`;
}
