import { readFileSync } from 'node:fs';
import type { Express, Response } from 'express';

/**
 * The page and its two static files, from `examples/orders-api/public/` (the same relative
 * place from `src/web/` and from `dist/web/`). Read once at mount; served from memory.
 *
 * The page has no inline script or style, so it runs under a strict Content-Security-Policy:
 * its own, set here (it replaces helmet's on these responses, and drops helmet's
 * `upgrade-insecure-requests`, which would break the page on http://127.0.0.1).
 */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
}

function load(name: string, type: string): StaticFile {
  return { body: readFileSync(new URL(`../../public/${name}`, import.meta.url)), type };
}

function send(res: Response, file: StaticFile): void {
  res.set({
    'Content-Type': file.type,
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-cache',
  });
  res.send(file.body);
}

export function mountPage(app: Express): void {
  const page = load('index.html', 'text/html; charset=utf-8');
  const script = load('web/app.js', 'text/javascript; charset=utf-8');
  const style = load('web/style.css', 'text/css; charset=utf-8');
  app.get('/', (_req, res) => send(res, page));
  app.get('/web/app.js', (_req, res) => send(res, script));
  app.get('/web/style.css', (_req, res) => send(res, style));
}
