// Token placeholders: `{{token:<name>[:transform]}}` in case requests, filled from the fixture at run time.
import type { CaseRequest } from './case-types.js';
import type { ConformanceFixture, TokenName } from './fixture-tokens.js';
import { utf8AsLatin1 } from './raw-http.js';

/** How a placeholder token is disfigured for the Unicode rows (§2 #16). */
export type TokenTransform = 'fullwidthDot' | 'onedotLeader' | 'zwsp' | 'latin1Byte' | 'padding' | 'quoted';

export const tok = (name: TokenName, transform?: TokenTransform): string => `{{token:${name}${transform === undefined ? '' : `:${transform}`}}}`;

function transform(token: string, how: string | undefined): string {
  switch (how) {
    case undefined:
      return token;
    case 'fullwidthDot':
      return utf8AsLatin1(token.replaceAll('.', '\uFF0E'));
    case 'onedotLeader':
      return utf8AsLatin1(token.replaceAll('.', '\u2024'));
    case 'zwsp': {
      const at = token.indexOf('.') + 12;
      return utf8AsLatin1(`${token.slice(0, at)}\u200B${token.slice(at)}`);
    }
    case 'latin1Byte': {
      const at = token.indexOf('.') + 12;
      return `${token.slice(0, at)}\u00E9${token.slice(at)}`; // one byte, 0xE9
    }
    case 'padding':
      return `${token}==`;
    case 'quoted':
      return `"${token}"`;
    default:
      throw new Error(`unknown token transform ${how}`);
  }
}

/** Replaces `{{token:name[:transform]}}` with the fixture's tokens. */
export function fillPlaceholders(text: string, fx: ConformanceFixture): string {
  return text.replace(/\{\{token:([A-Za-z0-9]+)(?::([A-Za-z0-9]+))?\}\}/g, (_m, name: string, how: string | undefined) => {
    const token = (fx.tokens as Record<string, string | undefined>)[name];
    if (token === undefined) throw new Error(`unknown fixture token ${name}`);
    return transform(token, how);
  });
}

const PLACEHOLDER = /\{\{token:([A-Za-z0-9]+)(?::[A-Za-z0-9]+)?\}\}/g;

/** The fixture tokens a request uses (unaltered, whatever transform the request applies). */
export function tokensUsed(request: CaseRequest, fx: ConformanceFixture): string[] {
  const text = [request.path, ...(request.headerLines ?? []), ...Object.values(request.headers ?? {}), request.body ?? ''].join('\n');
  const tokens = fx.tokens as Record<string, string | undefined>;
  return [...text.matchAll(PLACEHOLDER)].map((m) => tokens[m[1]!]).filter((t): t is string => t !== undefined);
}

/** The request with every placeholder filled in. */
export function resolveRequest(request: CaseRequest, fx: ConformanceFixture): CaseRequest {
  const fill = (s: string): string => fillPlaceholders(s, fx);
  const resolved: { -readonly [K in keyof CaseRequest]: CaseRequest[K] } = { method: request.method, path: fill(request.path) };
  if (request.headerLines !== undefined) resolved.headerLines = request.headerLines.map(fill);
  if (request.headers !== undefined) resolved.headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, fill(v)]));
  if (request.body !== undefined) resolved.body = fill(request.body);
  return resolved;
}
