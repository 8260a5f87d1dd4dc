// Request logs with pino: credentials never reach a log line. The Authorization header, cookies
// and Set-Cookie are redacted, and credential-looking query parameters (a token someone put in
// the URL, an OAuth code on the web client's callback) are masked in the logged URL.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { LogLevel } from '../config.js';

export const REDACTED = '[Redacted]';

/** Paths pino removes from every line, whatever logged them. */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-ms-token-aad-access-token"]',
  'req.headers["x-ms-token-aad-id-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

const SECRET_PARAMS = new Set(['access_token', 'id_token', 'refresh_token', 'code', 'client_secret', 'client_assertion', 'session_state', 'state', 'token']);

/** The URL with the values of credential-looking query parameters replaced. */
export function maskUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const masked = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name: string;
      try {
        name = decodeURIComponent(rawName.replaceAll('+', ' ')).toLowerCase();
      } catch {
        name = rawName.toLowerCase();
      }
      const base = name.replace(/[[.].*$/, '');
      return SECRET_PARAMS.has(base) ? `${rawName}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${masked}`;
}

/** The process logger: JSON lines, redacting credentials. `destination` defaults to stdout. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'orders-api' },
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** pino-http middleware: one line per response, with a request id (a sane incoming `x-request-id`, else a new UUID). */
export function requestLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    customLogLevel(_req, res, error) {
      if (error !== undefined || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    // Probes would drown everything else.
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    serializers: {
      req(req: { id: unknown; method: string; url: string; headers: Record<string, unknown>; remoteAddress?: string; remotePort?: number }) {
        return { id: req.id, method: req.method, url: maskUrl(req.url), headers: req.headers, remoteAddress: req.remoteAddress, remotePort: req.remotePort };
      },
    },
  });
}
