/** What an endpoint answers; the handler adds the common headers and writes it out. */
export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string;
}

/** Header sets Entra uses, by endpoint kind (emulator spec §2). */
export const HEADERS = {
  metadata: {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'max-age=86400, private',
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, OPTIONS',
  },
  token: {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store, no-cache',
    Pragma: 'no-cache',
    Expires: '-1',
  },
  html: {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store, no-cache',
    Pragma: 'no-cache',
  },
} as const;

export type HeaderKind = keyof typeof HEADERS;

export function jsonReply(status: number, body: unknown, kind: 'metadata' | 'token' = 'token', extra: Readonly<Record<string, string>> = {}): Reply {
  return { status, headers: { ...HEADERS[kind], ...extra }, body: JSON.stringify(body) };
}

export function htmlReply(status: number, body: string, extra: Readonly<Record<string, string | readonly string[]>> = {}): Reply {
  return { status, headers: { ...HEADERS.html, ...extra }, body };
}

export function redirectReply(location: string, extra: Readonly<Record<string, string | readonly string[]>> = {}): Reply {
  return { status: 302, headers: { Location: location, 'Cache-Control': 'no-store, no-cache', ...extra }, body: '' };
}

export function textReply(status: number, body: string, contentType = 'text/plain; charset=utf-8'): Reply {
  return { status, headers: { 'Content-Type': contentType }, body };
}
